import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BaselineFileError,
  batchesFromRecords,
  emptyBaselineFile,
  findJsonSyntaxProblem,
  mergeBatches,
  parseBaselineText,
  readBaselineFile,
  serializeBaselineFile,
} from '../../src/baselines';
import { makeRecord } from './fixtures/records';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-baselines-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function validFileText(): string {
  const { file } = mergeBatches(emptyBaselineFile(), batchesFromRecords([makeRecord()], 'run-1', '/repo'));
  return serializeBaselineFile(file);
}

function readError(text: string): BaselineFileError {
  const file = path.join(dir, 'cpu.json');
  fs.writeFileSync(file, text);
  try {
    readBaselineFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(BaselineFileError);
    return error as BaselineFileError;
  }
  throw new Error('expected readBaselineFile to throw');
}

describe('reading baseline files', () => {
  test('a missing file is an empty baseline', () => {
    expect(readBaselineFile(path.join(dir, 'none.json'))).toEqual(emptyBaselineFile());
  });

  test('round trip of a valid file', () => {
    const text = validFileText();
    const file = parseBaselineText(text, 'cpu.json');
    const entry = Object.values(file.entries)[0];
    expect(entry).toMatchObject({ median: 11, count: 5, totalSamples: 5, sources: [{ id: 'run-1|generated/text/bert.test.ts', count: 5 }] });
    expect(serializeBaselineFile(file)).toBe(text);
  });

  test('keys are sorted recursively, arrays keep their order', () => {
    const text = validFileText();
    expect(Object.keys(JSON.parse(text))).toEqual(['entries', 'format', 'runs', 'version']);
    const entry = Object.values(JSON.parse(text).entries)[0] as Record<string, unknown>;
    expect(Object.keys(entry)).toEqual([...Object.keys(entry)].sort());
    expect(entry.samples).toEqual([10, 11, 12, 10.5, 11.5]);
  });

  test('truncated JSON names the file and where it ends', () => {
    const text = validFileText();
    const error = readError(text.slice(0, 120));
    expect(error.kind).toBe('truncated');
    expect(error.message).toContain(path.join(dir, 'cpu.json'));
    expect(error.message).toMatch(/truncated: the JSON ends early at line \d+, column \d+ \(offset 120\)/);
    expect(readError('').kind).toBe('truncated');
  });

  test('garbled JSON names the position and the problem', () => {
    const error = readError('{\n  "format": "hf-convert-baselines",\n  "version": 1 oops\n}');
    expect(error.kind).toBe('garbled');
    expect(error.message).toMatch(/not valid JSON: expected "," or "}" after a property value but found "o" at line 3, column 16/);
  });

  test('a foreign file says what it is not', () => {
    expect(readError('{"name": "some-package", "version": "1.0.0"}').message).toMatch(/is not an hf-convert baseline file \(no "format" field; expected format "hf-convert-baselines"\)/);
    const other = readError('{"format": "jest-junit"}');
    expect(other.kind).toBe('foreign');
    expect(other.message).toContain('format "jest-junit"');
    expect(readError('[1, 2, 3]').kind).toBe('foreign');
  });

  test('another format version says which and what to do', () => {
    const newer = readError('{"format": "hf-convert-baselines", "version": 3, "runs": {}, "entries": {}}');
    expect(newer.kind).toBe('version');
    expect(newer.message).toMatch(/uses baseline format version 3, but this hf-convert reads version 2\. .*upgrade hf-convert/);
    const older = readError('{"format": "hf-convert-baselines", "version": 0, "entries": {}}');
    expect(older.message).toMatch(/version 0.*Re-record it: move it aside/);
    // Version 1 measured other things: the message says so and how to re-record, and the file is left as it was.
    const v1 = readError('{"format": "hf-convert-baselines", "version": 1, "entries": {}}');
    expect(v1.kind).toBe('version');
    expect(v1.message).toMatch(/version 1.*figures mean something else.*cannot be migrated.*HF_UPDATE_BASELINES=1 several times/);
  });

  test('schema violations name the path', () => {
    const data = JSON.parse(validFileText());
    const key = Object.keys(data.entries)[0];
    data.entries[key].samples[2] = 'fast';
    data.entries[key].better = 'sideways';
    const error = readError(JSON.stringify(data));
    expect(error.kind).toBe('schema');
    expect(error.message).toContain(`entries[${JSON.stringify(key)}].samples[2]`);
    expect(error.message).toContain(`entries[${JSON.stringify(key)}].better`);
  });

  test('unknown fields are schema errors (typos do not silently vanish)', () => {
    const data = JSON.parse(validFileText());
    data.entreis = {};
    expect(readError(JSON.stringify(data)).message).toMatch(/\(root\): Unrecognized key.*entreis/);
  });
});

describe('findJsonSyntaxProblem', () => {
  test.each([
    ['{"a": 1}', null],
    ['  [1, 2.5e3, -0, "x\\n", true, null]  ', null],
    ['{"a": tru', { truncated: true }],
    ['{"a": "abc', { truncated: true, reason: 'input ends inside a string' }],
    ['{"a": 1,}', { truncated: false, offset: 8 }],
    ['{"a": 1} x', { truncated: false, offset: 9, reason: 'unexpected "x" after the end of the JSON value' }],
    ['{\'a\': 1}', { truncated: false, line: 1, column: 2 }],
    ['[1,\n 2,\n 03]', { truncated: false, line: 3, column: 3 }],
  ])('%j', (text, expected) => {
    const problem = findJsonSyntaxProblem(text);
    if (expected === null) {
      expect(problem).toBeNull();
      expect(() => JSON.parse(text)).not.toThrow();
    } else {
      expect(problem).toMatchObject(expected);
      expect(() => JSON.parse(text)).toThrow();
    }
  });
});

describe('an old-format baseline file', () => {
  test('is never overwritten: an update refuses with the re-record instruction and leaves it byte for byte', () => {
    const { updateBaselines, batchesFromRecords } = require('../../src/baselines') as typeof import('../../src/baselines');
    const { makeRecord } = require('./fixtures/records') as typeof import('./fixtures/records');
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'hf-v1-'));
    const file = path.join(dir, 'cpu.json');
    const v1 = '{"format": "hf-convert-baselines", "version": 1, "entries": {}}\n';
    fs.writeFileSync(file, v1);
    expect(() => updateBaselines(dir, batchesFromRecords([makeRecord()], 'run-1', dir))).toThrow(/version 1.*Re-record it/);
    expect(fs.readFileSync(file, 'utf8')).toBe(v1);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
