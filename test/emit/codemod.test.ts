import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEmit, codemodParses, contentHashOf, parseHeader, planEmit, renderSuite, specHash, type EmitChange } from '../../src/emit';
import { sha256 } from '../../src/emit/render';
import type { SuitePlan } from '../../src/plan';
import type { ModelSpec } from '../../src/runtime/spec';
import { tempDir } from '../helpers/tmp';

const OUTPUT = 'text/bert.test.ts';
const IMPORT_LINE = "import { describeModel, type ModelSpec } from 'hf-convert/runtime';\n";
const TAIL = 'describeModel(spec);\n';

function spec(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return {
    modelType: 'bert',
    modelId: 'google-bert/bert-base-uncased',
    onnxModelId: 'Xenova/bert-base-uncased',
    task: 'fill-mask',
    category: 'text',
    transformersJs: { supported: true, pipelineTasks: ['feature-extraction', 'fill-mask'] },
    inputs: { texts: [], maskedTexts: ['The capital of France is [MASK].'], candidateLabels: [], questions: [], images: [], audio: [] },
    expected: [{ kind: 'top-token', value: 'paris', source: { file: 'test_hf_bert.py', line: 42 } }],
    sources: [{ file: 'test_hf_bert.py' }],
    warnings: [],
    ...overrides,
  };
}

const STALE = spec();
const FRESH = spec({ inputs: { ...STALE.inputs, maskedTexts: ['The capital of France is [MASK].', 'A brand new legacy prompt [MASK].'] }, sources: [{ file: 'test_hf_bert.py' }, { file: 'test_hf_bert.js' }] });

/** Ways a user extends a generated suite: each takes the generated text and returns the extended one. */
const EXTENSIONS: Record<string, (text: string) => string> = {
  'an extra import': (text) => text.replace(IMPORT_LINE, `${IMPORT_LINE}import * as fs from 'node:fs';\n`),
  'a test of their own': (text) => `${text}\ntest('my own check', () => {\n  expect(spec.modelType).toBe('bert');\n});\n`,
  'a describe of their own with hooks': (text) =>
    `${text}\ndescribe('mine', () => {\n  let n = 0;\n  beforeAll(() => {\n    n = 1;\n  });\n  afterEach(() => { n++; });\n  test('n', () => expect(n).toBeGreaterThan(0));\n});\n`,
  'a changed timeout': (text) => text.replace(IMPORT_LINE, `${IMPORT_LINE}\njest.setTimeout(600_000);\n`),
  'a test pasted with CRLF line ends (mixed line ends are kept as they are)': (text) => `${text}\r\ntest('pasted', () => {\r\n  expect(1).toBe(1);\r\n});\r\n`,
  'comments between statements': (text) =>
    text.replace(IMPORT_LINE, `${IMPORT_LINE}// my note on the import\n/* and a block\n   comment */\n`).replace(TAIL, `// before describeModel\n${TAIL}// trailing note\n`),
};

/** The file with its header and spec initializer cut out: what a codemod must keep byte for byte. */
function outsideHeaderAndSpec(text: string): string {
  const header = parseHeader(text)!;
  const start = text.indexOf('const spec: ModelSpec = ') + 'const spec: ModelSpec = '.length;
  const end = text.indexOf('\n};', start) + 2;
  return text.slice(header.headerEnd, start) + '<spec>' + text.slice(end);
}

function specText(text: string): string {
  const start = text.indexOf('const spec: ModelSpec = ') + 'const spec: ModelSpec = '.length;
  return text.slice(start, text.indexOf('\n};', start) + 2);
}

describe('emit as a codemod: a suite the user extended keeps their code', () => {
  let t: ReturnType<typeof tempDir>;
  let target: string;
  beforeEach(() => {
    t = tempDir();
    target = path.join(t.dir, OUTPUT);
  });
  afterEach(() => t.cleanup());
  const suites = (s: ModelSpec): SuitePlan[] => [{ output: OUTPUT, spec: s, specHash: specHash(s) }];
  const plan = (s: ModelSpec, force = false): EmitChange => planEmit(suites(s), { outDir: t.dir, force })[0];
  const generate = (s: ModelSpec) => applyEmit(planEmit(suites(s), { outDir: t.dir, force: false }), t.dir);
  const read = () => fs.readFileSync(target, 'utf8');

  describe.each(Object.entries(EXTENSIONS))('with %s', (_name, extend) => {
    test('an up-to-date spec is "unchanged" (--check passes, --dry-run has nothing to do), and nothing is written', () => {
      generate(STALE);
      fs.writeFileSync(target, extend(read()));
      const before = read();
      const mtime = fs.statSync(target).mtimeMs;
      const change = plan(STALE);
      expect(change.action).toBe('unchanged');
      applyEmit([change], t.dir);
      expect(read()).toBe(before);
      expect(fs.statSync(target).mtimeMs).toBe(mtime);
    });

    test('a stale spec is updated: only header and spec change, every other byte is kept; the rerun is unchanged', () => {
      generate(STALE);
      const extended = extend(read());
      fs.writeFileSync(target, extended);
      const change = plan(FRESH);
      expect(change).toMatchObject({ action: 'update', reason: expect.stringMatching(/rest of the file kept/) });
      applyEmit([change], t.dir);
      const updated = read();
      expect(outsideHeaderAndSpec(updated)).toBe(outsideHeaderAndSpec(extended));
      const fresh = renderSuite(FRESH);
      // The header and the spec are exactly what a fresh conversion writes.
      expect(updated.slice(0, parseHeader(updated)!.headerEnd)).toBe(fresh.slice(0, parseHeader(fresh)!.headerEnd));
      expect(specText(updated)).toBe(specText(fresh));
      expect(updated).toContain('A brand new legacy prompt [MASK].');
      expect(updated).toBe(extend(fresh));
      expect(plan(FRESH).action).toBe('unchanged');
    });
  });

  test('only suites that are not exactly as generated are parsed', () => {
    const two = (s: ModelSpec): SuitePlan[] => [...suites(s), { output: 'text/other.test.ts', spec: s, specHash: specHash(s) }];
    applyEmit(planEmit(two(STALE), { outDir: t.dir, force: false }), t.dir);
    let before = codemodParses();
    expect(planEmit(two(STALE), { outDir: t.dir, force: false }).map((c) => c.action)).toEqual(['unchanged', 'unchanged']);
    // An untouched suite with a stale spec is re-rendered whole, without a parse.
    expect(planEmit(two(FRESH), { outDir: t.dir, force: false }).map((c) => c.action)).toEqual(['update', 'update']);
    expect(codemodParses()).toBe(before);
    fs.writeFileSync(target, EXTENSIONS['a test of their own'](read()));
    before = codemodParses();
    expect(planEmit(two(FRESH), { outDir: t.dir, force: false }).map((c) => c.action)).toEqual(['update', 'update']);
    expect(codemodParses()).toBe(before + 1);
  });

  test('the content hash covers the header lines above the hash line and the spec text, and does not change when code is added', () => {
    generate(STALE);
    const header = parseHeader(read())!;
    expect(contentHashOf(header.head, specText(read()))).toBe(header.contentHash);
    fs.writeFileSync(target, EXTENSIONS['a test of their own'](read()));
    const extended = parseHeader(read())!;
    expect(extended.contentHash).toBe(header.contentHash);
    expect(extended.intact).toBe(false);
  });

  test('a hand-edited spec is kept with a warning; --force rewrites the spec and keeps the user code', () => {
    generate(STALE);
    const edited = EXTENSIONS['a test of their own'](read()).replace('"fill-mask",\n', '"fill-mask" /* mine */,\n');
    fs.writeFileSync(target, edited);
    for (const s of [STALE, FRESH]) {
      const kept = plan(s);
      expect(kept).toMatchObject({ action: 'kept-edited', reason: expect.stringMatching(/^edited by hand.*--force/) });
      applyEmit([kept], t.dir);
      expect(read()).toBe(edited);
    }
    const forced = plan(FRESH, true);
    expect(forced).toMatchObject({ action: 'update', reason: expect.stringMatching(/overwritten \(--force\)/) });
    applyEmit([forced], t.dir);
    expect(read()).toBe(EXTENSIONS['a test of their own'](renderSuite(FRESH)));
    expect(plan(FRESH).action).toBe('unchanged');
  });

  test('a hand-edited header counts as an edit too', () => {
    generate(STALE);
    fs.writeFileSync(target, EXTENSIONS['a test of their own'](read()).replace('//   "test_hf_bert.py"', '//   "renamed.py"'));
    expect(plan(FRESH).action).toBe('kept-edited');
  });

  test('an edit to the code around the spec is the user\'s own: an untouched spec is still updated', () => {
    generate(STALE);
    const changed = read().replace(TAIL, 'describeModel(spec); // with my comment\n');
    fs.writeFileSync(target, changed);
    const change = plan(FRESH);
    expect(change.action).toBe('update');
    applyEmit([change], t.dir);
    expect(read()).toBe(renderSuite(FRESH).replace(TAIL, 'describeModel(spec); // with my comment\n'));
  });

  const MANGLED: Record<string, [(text: string) => string, RegExp]> = {
    'no spec declaration': [(text) => text.replace('const spec: ModelSpec =', 'const mySpec: ModelSpec =').replace(TAIL, 'describeModel(mySpec);\n'), /no top-level `const spec: ModelSpec = …` declaration/],
    'two spec declarations': [(text) => text.replace(TAIL, `${TAIL}\nvar spec = { modelType: 'x' };\n`), /2 top-level `spec` declarations \(lines \d+, \d+\)/],
    'the describeModel call removed': [(text) => text.replace(TAIL, "test('only mine', () => {});\n"), /`describeModel\(spec\)` call was removed/],
    'code above the header': [(text) => `import * as os from 'node:os';\n${text}`, /header is damaged or not at the top/],
    'a damaged header': [(text) => text.replace(/^\/\/ spec-hash: .*$/m, '// hashes: gone'), /header is damaged or not at the top/],
    'code that does not parse': [(text) => `${text}\ntest('broken', () => {\n  expect(1).toBe(\n`, /does not parse \(line \d+:\d+: /],
  };

  describe.each(Object.entries(MANGLED))('a file with %s', (_name, [mangle, problem]) => {
    test('is left untouched with a message naming the file and the problem; --force replaces it with a fresh suite', () => {
      generate(STALE);
      const mangled = mangle(read());
      fs.writeFileSync(target, mangled);
      for (const s of [STALE, FRESH]) {
        const change = plan(s);
        expect(change.action).toBe('kept-mangled');
        expect(change.reason).toContain(`cannot update ${OUTPUT} in place`);
        expect(change.reason).toMatch(problem);
        expect(change.content).toBeUndefined();
        applyEmit([change], t.dir);
        expect(read()).toBe(mangled);
      }
      const forced = plan(FRESH, true);
      expect(forced).toMatchObject({ action: 'update', reason: expect.stringMatching(/replaced with a freshly generated suite/) });
      applyEmit([forced], t.dir);
      expect(read()).toBe(renderSuite(FRESH));
    });
  });

  test('a CRLF checkout is judged as its LF twin and written back with CRLF', () => {
    const crlf = (text: string) => text.replace(/\n/g, '\r\n');
    generate(STALE);
    fs.writeFileSync(target, crlf(read()));
    expect(plan(STALE).action).toBe('unchanged');
    expect(plan(FRESH)).toMatchObject({ action: 'update', content: crlf(renderSuite(FRESH)) });
    fs.writeFileSync(target, crlf(EXTENSIONS['a test of their own'](renderSuite(STALE))));
    expect(plan(STALE).action).toBe('unchanged');
    expect(plan(FRESH)).toMatchObject({ action: 'update', content: crlf(EXTENSIONS['a test of their own'](renderSuite(FRESH))) });
    expect(planEmit([], { outDir: t.dir, force: false })[0].action).toBe('kept-edited');
  });

  test('an extended suite whose sources vanished is kept, not removed', () => {
    generate(STALE);
    fs.writeFileSync(target, EXTENSIONS['a test of their own'](read()));
    expect(planEmit([], { outDir: t.dir, force: false })).toEqual([expect.objectContaining({ action: 'kept-edited', reason: expect.stringMatching(/sources vanished/) })]);
    expect(planEmit([], { outDir: t.dir, force: true })).toEqual([expect.objectContaining({ action: 'remove' })]);
  });

  describe('files from an hf-convert before the file hash (content hash over the whole body)', () => {
    /** Rewrites a fresh suite's header the way hf-convert 1 wrote it. */
    function legacy(s: ModelSpec): string {
      const text = renderSuite(s);
      const header = parseHeader(text)!;
      const body = text.slice(header.headerEnd + 1);
      const head = header.head.replace(/^\/\/ Regenerate.*\n\/\/ Hand edits.*\n/m, '// Regenerate with `hf-convert`; hand edits are kept only with a warning, and overwritten with --force.\n');
      return `${head}// spec-hash: ${specHash(s)}  content-hash: ${sha256(body).slice(0, 32)}\n\n${body}`;
    }

    test('an untouched one is recognised as generated and re-rendered whole in the new format', () => {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, legacy(STALE));
      expect(parseHeader(read())!.intact).toBe(true);
      for (const s of [STALE, FRESH]) {
        const change = plan(s);
        expect(change).toMatchObject({ action: 'update', content: renderSuite(s) });
      }
    });

    test('an extended one cannot tell user code from hand edits: kept until --force, which keeps the user code', () => {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, EXTENSIONS['a test of their own'](legacy(STALE)));
      expect(plan(FRESH).action).toBe('kept-edited');
      const forced = plan(FRESH, true);
      expect(forced.content).toBe(EXTENSIONS['a test of their own'](renderSuite(FRESH)));
    });
  });
});
