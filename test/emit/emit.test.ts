import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEmit, parseHeader, planEmit, renderSuite, GENERATED_MARKER } from '../../src/emit';
import type { SuitePlan } from '../../src/plan';
import type { ModelSpec } from '../../src/runtime/spec';
import ts from 'typescript';
import { tempDir } from '../helpers/tmp';
import { typeCheckSuites } from '../helpers/typecheck';

const DANGEROUS = [
  '${process.exit(1)}',
  '`); process.exit(1); (`',
  '*/ process.exit(1) /*',
  'it\'s "quoted" \\ back\\slash',
  'line one\nline two\u2028sep',
  'café 日本語 😀',
  '</script>',
];

function spec(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return {
    modelType: 'gpt2',
    modelId: 'openai-community/gpt2',
    onnxModelId: 'Xenova/gpt2',
    task: 'text-generation',
    category: 'text',
    transformersJs: { supported: true, pipelineTasks: ['feature-extraction', 'text-generation'] },
    inputs: { texts: DANGEROUS, maskedTexts: [], candidateLabels: [], questions: [{ question: 'q"?', context: '`c`' }], images: [], audio: [] },
    expected: [{ kind: 'text', value: -1.5, source: { file: 'test_hf_gpt2.py', line: 3, construct: 'assert' } }],
    sources: [{ file: 'test_hf_gpt2.py' }, { file: 'weird\n*/ name.py' }],
    warnings: [],
    ...overrides,
  };
}

/** Evaluates the emitted spec literal (without running the suite) to prove strings round-trip as data. */
function evaluateSpec(text: string): ModelSpec {
  const start = text.indexOf('const spec: ModelSpec = ') + 'const spec: ModelSpec = '.length;
  const end = text.indexOf(';\n\ndescribeModel(spec);');
  // eslint-disable-next-line no-new-func
  return new Function(`return (${text.slice(start, end)});`)() as ModelSpec;
}

describe('emit', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());
  const suites = (s = spec()): SuitePlan[] => [{ output: 'text/gpt2.test.ts', spec: s }];

  test('every suite names both ids: the legacy modelId and the onnxModelId (a string or null)', () => {
    const withOnnx = renderSuite(spec());
    expect(withOnnx).toContain('    modelId: "openai-community/gpt2",\n    onnxModelId: "Xenova/gpt2",\n');
    expect(evaluateSpec(withOnnx).onnxModelId).toBe('Xenova/gpt2');
    const without = renderSuite(spec({ onnxModelId: null }));
    expect(without).toContain('    onnxModelId: null,\n');
    expect(evaluateSpec(without).onnxModelId).toBeNull();
    expect(renderSuite(spec({ onnxModelId: null }))).toBe(without);
  });

  test('legacy strings become escaped literals that evaluate back to the same data, never code', () => {
    const text = renderSuite(spec());
    const evaluated = evaluateSpec(text);
    expect(evaluated.inputs.texts).toEqual(DANGEROUS);
    expect(evaluated.inputs.questions).toEqual([{ question: 'q"?', context: '`c`' }]);
    expect(evaluated.expected[0].value).toBe(-1.5);
    // Non-ASCII is escaped, so the file is plain ASCII whatever the legacy encoding was.
    expect(/[^\x00-\x7f]/.test(text.replace(GENERATED_MARKER, ''))).toBe(false);
    // Structurally: three statements, and the spec is pure data (no call, template or identifier reference).
    const source = ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2022, true);
    expect(source.statements).toHaveLength(3);
    const kinds = new Set<string>();
    const visit = (node: import('typescript').Node) => {
      kinds.add(ts.SyntaxKind[node.kind]);
      ts.forEachChild(node, visit);
    };
    visit((source.statements[1] as import('typescript').VariableStatement).declarationList.declarations[0].initializer!);
    for (const kind of ['CallExpression', 'TemplateExpression', 'NoSubstitutionTemplateLiteral', 'BinaryExpression']) expect(kinds).not.toContain(kind);
  });

  test('the header names the sources (quoted, so no name can end the comment) and carries the hashes', () => {
    const text = renderSuite(spec());
    expect(text.startsWith(GENERATED_MARKER)).toBe(true);
    expect(text).toContain('//   "test_hf_gpt2.py"\n//   "weird\\n*/ name.py"\n');
    const header = parseHeader(text)!;
    expect(header.intact).toBe(true);
    expect(header.specHash).toMatch(/^[0-9a-f]{32}$/);
    expect(parseHeader(text.replace("describeModel(spec);", 'describeModel(spec); // edited'))!.intact).toBe(false);
  });

  test('byte-identical output on rerun, and an unchanged plan writes nothing', () => {
    const first = planEmit(suites(), { outDir: t.dir, force: false });
    expect(first.map((c) => c.action)).toEqual(['create']);
    applyEmit(first, t.dir);
    const written = fs.readFileSync(path.join(t.dir, 'text/gpt2.test.ts'), 'utf8');
    expect(renderSuite(spec())).toBe(written);
    const mtime = fs.statSync(path.join(t.dir, 'text/gpt2.test.ts')).mtimeMs;
    const second = planEmit(suites(), { outDir: t.dir, force: false });
    expect(second.map((c) => c.action)).toEqual(['unchanged']);
    applyEmit(second, t.dir);
    expect(fs.statSync(path.join(t.dir, 'text/gpt2.test.ts')).mtimeMs).toBe(mtime);
  });

  test('a changed spec updates the file; a hand-edited spec is kept without --force and overwritten with it', () => {
    applyEmit(planEmit(suites(), { outDir: t.dir, force: false }), t.dir);
    const target = path.join(t.dir, 'text/gpt2.test.ts');
    expect(planEmit(suites(spec({ task: 'feature-extraction' })), { outDir: t.dir, force: false })[0].action).toBe('update');
    fs.writeFileSync(target, fs.readFileSync(target, 'utf8').replace('modelType: "gpt2"', 'modelType: "gpt2" /* my local tweak */'));
    const kept = planEmit(suites(spec({ task: 'feature-extraction' })), { outDir: t.dir, force: false });
    expect(kept[0]).toMatchObject({ action: 'kept-edited', reason: expect.stringMatching(/edited by hand/) });
    applyEmit(kept, t.dir);
    expect(fs.readFileSync(target, 'utf8')).toContain('/* my local tweak */');
    const forced = planEmit(suites(spec({ task: 'feature-extraction' })), { outDir: t.dir, force: true });
    expect(forced[0].action).toBe('update');
    applyEmit(forced, t.dir);
    expect(fs.readFileSync(target, 'utf8')).not.toContain('/* my local tweak */');
    expect(fs.readFileSync(target, 'utf8')).toBe(renderSuite(spec({ task: 'feature-extraction' })));
  });

  test('a file hf-convert did not write is never replaced without --force', () => {
    t.write('text/gpt2.test.ts', 'my own test\n');
    expect(planEmit(suites(), { outDir: t.dir, force: false })[0].action).toBe('kept-foreign');
  });

  test('generated files whose sources vanished are removed (with their empty folder); foreign files stay', () => {
    applyEmit(planEmit(suites(), { outDir: t.dir, force: false }), t.dir);
    t.write('vision/mine.test.ts', 'not generated\n');
    const changes = planEmit([], { outDir: t.dir, force: false });
    expect(changes).toEqual([expect.objectContaining({ output: 'text/gpt2.test.ts', action: 'remove' })]);
    applyEmit(changes, t.dir);
    expect(fs.existsSync(path.join(t.dir, 'text'))).toBe(false);
    expect(fs.existsSync(path.join(t.dir, 'vision/mine.test.ts'))).toBe(true);
  });

  test('writes are atomic: no temp file is left behind, and a failed write leaves the old file intact', () => {
    applyEmit(planEmit(suites(), { outDir: t.dir, force: false }), t.dir);
    expect(fs.readdirSync(path.join(t.dir, 'text'))).toEqual(['gpt2.test.ts']);
    const before = fs.readFileSync(path.join(t.dir, 'text/gpt2.test.ts'), 'utf8');
    const changes = planEmit(suites(spec({ task: 'feature-extraction' })), { outDir: t.dir, force: false });
    // Crash between writing the temp file and renaming it over the target.
    const rename = jest.spyOn(require('node:fs') as typeof fs, 'renameSync').mockImplementation(() => {
      throw new Error('simulated crash before rename');
    });
    try {
      expect(() => applyEmit(changes, t.dir)).toThrow('simulated crash before rename');
    } finally {
      rename.mockRestore();
    }
    expect(fs.readdirSync(path.join(t.dir, 'text'))).toEqual(['gpt2.test.ts']);
    expect(fs.readFileSync(path.join(t.dir, 'text/gpt2.test.ts'), 'utf8')).toBe(before);
  });

  test('the emitted suite type-checks against the runtime API', () => {
    // Where generated suites live (inside the repository, so `hf-convert/runtime` resolves through tsconfig.json's paths).
    const suite = path.join(__dirname, '..', '..', '.tmp', 'emit-typecheck', 'text', 'gpt2.test.ts');
    // The same check must reject a spec that breaks ModelSpec, or passing would prove nothing.
    const broken = path.join(path.dirname(suite), 'broken.test.ts');
    const diagnostics = typeCheckSuites({ [suite]: renderSuite(spec()), [broken]: renderSuite(spec({ category: 'no-such-category' as ModelSpec['category'] })) });
    expect(diagnostics[suite]).toEqual([]);
    expect(diagnostics[broken]).toEqual([expect.stringMatching(/Type '"no-such-category"' is not assignable to type 'Category'/)]);
  }, 60_000);
});
