import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import BaselineReporter, { resultsFileFor, SETTINGS_ENV } from '../../src/reporter';
import { parseSuiteTitle, readSuiteOutcomes, suiteOutcomesOf, writeSuiteOutcomes } from '../../src/reporter/suite-outcomes';
import { makeRecord } from '../baselines/fixtures/records';
import { jestResults } from '../report-html/fixture';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-suites-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test('the titles describe-model.ts writes are parsed', () => {
  expect(parseSuiteTitle('[text] [cpu] bert fill-mask: answers the legacy inputs with well-formed output')).toEqual({ category: 'text', device: 'cpu', modelType: 'bert', task: 'fill-mask' });
  expect(parseSuiteTitle('[text] [cpu] bert fill-mask (tiny bert)')).toEqual({ category: 'text', device: 'cpu', modelType: 'bert', task: 'fill-mask' });
  expect(parseSuiteTitle('[text] [webgpu] bert fill-mask — skipped: no adapter: none')).toEqual({ category: 'text', device: 'webgpu', modelType: 'bert', task: 'fill-mask', reason: 'no adapter: none' });
  expect(parseSuiteTitle('[audio] clap zero-shot-audio-classification — skipped: cannot run')).toEqual({ category: 'audio', device: null, modelType: 'clap', task: 'zero-shot-audio-classification', reason: 'cannot run' });
  expect(parseSuiteTitle('compares samples with the baseline')).toBeUndefined();
});

test('one outcome per suite and device: passed, failed with its first message, skipped with its reason', () => {
  const outcomes = jestResults(root).flatMap((result) => suiteOutcomesOf(result, root));
  const byTitle = Object.fromEntries(outcomes.map((o) => [o.title, o]));
  expect(Object.keys(byTitle).sort()).toEqual([
    '[audio] [cpu] whisper automatic-speech-recognition',
    '[audio] [webgpu] whisper automatic-speech-recognition',
    '[multimodal] clip zero-shot-image-classification',
    '[text] [cpu] bert fill-mask',
    '[text] [cpu] gpt2 text-generation',
    '[text] [webgpu] bert fill-mask',
    '[text] [webgpu] gpt2 text-generation',
    '[vision] [cpu] vit image-classification',
    '[vision] [webgpu] vit image-classification',
  ]);
  expect(byTitle['[text] [cpu] bert fill-mask']).toMatchObject({ suite: 'text/bert fill-mask', device: 'cpu', status: 'passed', tests: { passed: 3, failed: 0 }, testFile: 'generated/text/bert.test.ts' });
  const whisper = byTitle['[audio] [cpu] whisper automatic-speech-recognition'];
  expect(whisper.status).toBe('failed');
  expect(whisper.failure).toBe('Error: expected "<|en|>" & got <script>alert(1)</script>'); // colours and stack frames dropped
  expect(byTitle['[text] [webgpu] bert fill-mask']).toMatchObject({ status: 'skipped', reasons: ['no WebGPU adapter on this machine'] });
  expect(byTitle['[multimodal] clip zero-shot-image-classification']).toMatchObject({ device: null, status: 'skipped' });
});

test('a test file that did not load is a failed suite named after the file; other files hold no suites', () => {
  const failed = suiteOutcomesOf({ testFilePath: path.join(root, 'generated/text/t5.test.ts'), testResults: [], testExecError: { message: 'SyntaxError: Unexpected token' } }, root);
  expect(failed).toEqual([expect.objectContaining({ suite: 'text/t5', modelType: 't5', category: 'text', device: null, status: 'failed', failure: 'SyntaxError: Unexpected token' })]);
  expect(suiteOutcomesOf({ testFilePath: path.join(root, 'test/x.test.ts'), testResults: [{ title: 'works', status: 'passed' }] }, root)).toEqual([]);
});

test('suites.json round-trips; a garbled one says why', () => {
  const outcomes = jestResults(root).flatMap((result) => suiteOutcomesOf(result, root));
  writeSuiteOutcomes(root, outcomes);
  expect(readSuiteOutcomes(root)).toHaveLength(outcomes.length);
  expect(readSuiteOutcomes(path.join(root, 'none'))).toBeUndefined();
  fs.writeFileSync(path.join(root, 'suites.json'), '{"format":"hf-convert-suites","version":1,"suites":[{}]}');
  expect(readSuiteOutcomes(root)).toMatch(/suites\.json: suites\.0\.suite: /);
});

describe('the reporter', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    for (const name of [...Object.values(SETTINGS_ENV), 'GITHUB_STEP_SUMMARY']) delete process.env[name];
    process.env.HF_BASELINE_CONFIRM = '0';
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...saved };
  });

  test('writes suites.json, report.html and links the page from report.md', async () => {
    const runDir = path.join(root, 'runs', 'r1');
    fs.mkdirSync(runDir, { recursive: true });
    fs.writeFileSync(resultsFileFor(runDir, '1'), `${JSON.stringify(makeRecord({ suite: 'text/bert fill-mask' }))}\n`);
    const reporter = new BaselineReporter({ rootDir: root }, { runDir: 'runs/r1' });
    reporter.onRunStart();
    for (const result of jestResults(root)) reporter.onTestFileResult(undefined, { ...result, numFailingTests: result.testResults!.filter((t) => t.status === 'failed').length });
    await reporter.onRunComplete();
    expect(reporter.getLastError()).toBeUndefined();
    const suites = readSuiteOutcomes(runDir);
    expect(Array.isArray(suites) && suites.map((s) => s.status).sort()).toEqual(['failed', 'passed', 'passed', 'passed', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    const html = fs.readFileSync(path.join(root, 'baselines', 'report.html'), 'utf8');
    expect(html).toContain('data-suite="audio/whisper automatic-speech-recognition"');
    expect(fs.readFileSync(path.join(root, 'baselines', 'report.md'), 'utf8')).toMatch(/\nHTML report: .*baselines[/\\]report\.html\n$/);
  });

  test('a run of framework tests leaves no suites.json behind', async () => {
    const reporter = new BaselineReporter({ rootDir: root }, { runDir: 'runs/r2' });
    reporter.onRunStart();
    reporter.onTestFileResult(undefined, { testFilePath: path.join(root, 'test/a.test.ts'), numFailingTests: 0, testResults: [{ title: 'works', status: 'passed' }] });
    await reporter.onRunComplete();
    expect(fs.existsSync(path.join(root, 'runs', 'r2'))).toBe(false);
  });
});
