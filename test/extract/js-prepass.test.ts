import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allowTypeScriptFallback, extract, TypeScriptFallbackDeferred } from '../../src/extract';
import { prepass } from '../../src/extract/js/prepass';

const js = (lines: string[]): string => lines.join('\n') + '\n';

describe('JS pre-pass: comments out, lines kept', () => {
  it('removes line and block comments but keeps every line break', () => {
    const src = js(['const a = 1; // one', '/* two', '   lines */ const b = 2;', 'const c = a/**/+b;']);
    const { stripped } = prepass(src);
    expect(stripped).not.toMatch(/one|two|lines/);
    expect(stripped.split('\n')).toHaveLength(src.split('\n').length);
    expect(stripped).toContain('a +b'); // a comment without a line break becomes one space
  });

  it('leaves comment-like text in strings, templates and regex literals alone', () => {
    const src = js([
      "const url = 'https://example.com/a.png'; // gone",
      'const t = `see // ${x /* gone */ + "/*"} and /* not a comment */`;',
      'const re = /\\/\\/[/*]"/g.test(s); // gone',
      "const q = x / 2 / 3; const s2 = '//';",
    ]);
    const { stripped } = prepass(src);
    expect(stripped).not.toContain('gone');
    for (const kept of ["'https://example.com/a.png'", '`see // ${x', '"/*"} and /* not a comment */`', '/\\/\\/[/*]"/g', "x / 2 / 3", "'//'"]) {
      expect(stripped).toContain(kept);
    }
  });

  it('reports where top-level statements start and which brackets stay open', () => {
    const src = js(['const a = f(1,', '  2);', 'function g() {', '  return 1;', '}', 'async function h() {', '  if (x) {']);
    const { stripped, statementStarts, unclosed } = prepass(src);
    expect(statementStarts.map((s) => stripped.slice(s, s + 8))).toEqual(['const a ', 'function', 'async fu']);
    expect(unclosed).toBe('}}');
  });

  it('an unterminated block comment is left for the parser to report', () => {
    const x = extract(js(["const MODEL_ID = 'Xenova/bert-base-uncased';", '/* never closed']), 'test_hf_bert.js');
    expect(x.parse.clean).toBe(false);
    expect(x.modelIds.map((f) => f.value)).toEqual(['Xenova/bert-base-uncased']);
  });
});

describe('broken JS is repaired without the TypeScript parser', () => {
  beforeAll(() => allowTypeScriptFallback(false));
  afterAll(() => allowTypeScriptFallback(true));

  const body = [
    "const { pipeline } = require('@xenova/transformers');",
    "const MODEL_ID = 'Xenova/bert-base-uncased';",
    'async function main() {',
    "  const unmasker = await pipeline('fill-mask', MODEL_ID);",
    "  const out = await unmasker('The capital of France is [MASK].');",
    "  console.assert(out[0].token_str === 'paris');",
    '}',
  ];
  const expectFacts = (src: string): void => {
    const x = extract(src, 'test_hf_bert.js');
    expect(x.parse.clean).toBe(false);
    expect(x.modelIds).toEqual([{ value: 'Xenova/bert-base-uncased', construct: 'MODEL_ID =', line: 2 }]);
    expect(x.tasks.map((f) => [f.value, f.line])).toEqual([['fill-mask', 4]]);
    expect(x.inputs.maskedTexts.map((f) => [f.value, f.line])).toEqual([['The capital of France is [MASK].', 5]]);
    expect(x.expected.map((f) => [f.value, f.line])).toEqual([[{ kind: 'token_str', value: 'paris' }, 6]]);
  };

  it('a stray closing parenthesis', () => {
    const lines = [...body];
    lines[4] += ')';
    expectFacts(js(lines));
  });

  it('brackets left open at the end of the file', () => expectFacts(js([...body, 'async function unfinished() {', '  if (x) {'])));

  it('a missing closing brace in the middle', () => expectFacts(js([...body.slice(0, 6), '  if (x) {', ...body.slice(6), 'main();'])));

  it('a stray line of prose inside a function', () => expectFacts(js([...body.slice(0, 6), 'TODO: fix this before the 7B release', ...body.slice(6)])));

  it('still hands files it cannot repair to the TypeScript parser', () => {
    const lines = [...body];
    lines[4] = "  const out = await unmasker('The capital of France is [MASK].' 'again' +);";
    expect(() => extract(js(lines), 'test_hf_bert.js')).toThrow(TypeScriptFallbackDeferred);
  });
});

describe('the clean verdict agrees with node --check on tricky but valid JS', () => {
  const cases: Record<string, string> = {
    'regex after keywords and operators': js(['function f(s) {', '  if (!s) return /a\\/\\/b/.test(s);', '  return s.split(/[/]/).length / 2; // half', '}']),
    'division after a closing parenthesis and bracket': js(['const a = (1 + 2) / 3 / 4;', 'const b = [4][0] / 2; /* block', '*/ const c = a / b;']),
    'templates inside templates': js(['const x = 1;', 'const t = `a ${`b ${x /* c */} // d`} e`;', '// the end']),
    'semicolon insertion across a multi-line comment': js(['let a = 1', 'let b = a /*', '*/', '++b']),
  };
  it.each(Object.entries(cases))('%s', (_name, src) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'prepass-')), 'case.js');
    fs.writeFileSync(file, src);
    let nodeAccepts = true;
    try {
      execFileSync(process.execPath, ['--check', file], { stdio: 'pipe' });
    } catch {
      nodeAccepts = false;
    }
    expect(extract(src, 'test_hf_case.js').parse.clean).toBe(nodeAccepts);
  });
});
