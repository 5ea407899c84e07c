import { extract } from '../../src/extract';

/** Deterministic pseudo-random characters (no flaky inputs; all below U+3000, so no surrogates), decoded at once: char-by-char concatenation of 5 MB takes seconds. */
function garbage(length: number, seed: number): string {
  let s = seed;
  const codes = new Uint16Array(length);
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    codes[i] = s % 0x3000;
  }
  return new TextDecoder('utf-16le').decode(codes);
}

const FILE_NAMES = ['test_hf_bert.py', 'test_hf_bert.js', 'test_hf_bert.mjs', 'test_hf_bert.cjs', 'test_hf_bert.ts'];

describe('extract never throws', () => {
  const inputs: Array<[string, string]> = [
    ['empty input', ''],
    ['whitespace only', ' \n\t\n'],
    ['binary garbage', garbage(20000, 7)],
    ['NUL bytes', '\u0000'.repeat(100) + 'MODEL_ID = "gpt2"\u0000\n'],
    ['unterminated triple quote at EOF', 'MODEL_ID = "gpt2"\nx = """never closed'],
    ['unterminated template literal at EOF', "const MODEL_ID = 'gpt2';\nconst x = `never closed"],
    ['deeply nested brackets', 'x = ' + '['.repeat(20000) + ']'.repeat(20000) + '\n'],
    ['deeply nested unclosed brackets', 'x = ' + '({['.repeat(10000)],
    ['lone surrogates', 'text = "\ud800 \udfff"\n'],
    ['only closers', ')]}'.repeat(5000)],
  ];

  it.each(inputs)('%s', (_label, content) => {
    for (const fileName of FILE_NAMES) {
      const x = extract(content, fileName);
      expect(x.fileModelName).toBe('bert');
      expect(Array.isArray(x.parse.errors)).toBe(true);
      expect(x.parse.clean).toBe(x.parse.errors.length === 0);
    }
  });

  it('empty input is clean, and not a model test', () => {
    const x = extract('', 'test_hf_bert.py');
    expect(x.parse).toEqual({ clean: true, errors: [] });
    expect(x.kind).toBe('not-a-model-test');
  });

  it('binary garbage is unclean with specific errors', () => {
    const x = extract(garbage(5000, 3) + '\u0000', 'test_hf_bert.py');
    expect(x.parse.clean).toBe(false);
    expect(x.parse.errors.every((e) => /^line \d+: |^… \d+ more errors$/.test(e))).toBe(true);
  });

  it('binary content is not fed to the JS parsers', () => {
    const x = extract(garbage(2_000_000, 5), 'test_hf_bert.js');
    expect(x.parse.errors).toHaveLength(1);
    expect(x.parse.errors[0]).toMatch(/^line \d+: binary content \(\d+ control or replacement characters\); not parsed$/);
  });

  it('recovers values that follow NUL bytes / garbage', () => {
    expect(extract('\u0000\u0000\nMODEL_ID = "gpt2"\n', 'test_hf_gpt2.py').modelIds).toEqual([{ value: 'gpt2', construct: 'MODEL_ID =', line: 2 }]);
  });

  // Guards against quadratic behaviour through the test's timeout (linear: well under a second;
  // quadratic on 5 MB: hours), not through a timed assertion.
  it('a 5 MB single line is handled in linear time', () => {
    const line = 'x = ' + '"abc", '.repeat(750000) + '\n';
    expect(line.length).toBeGreaterThan(5_000_000);
    const py = extract(line, 'test_hf_bert.py');
    const js = extract('const x = [' + '"abc", '.repeat(750000) + '];\n', 'test_hf_bert.js');
    expect(py.parse.clean).toBe(true);
    expect(js.parse.clean).toBe(true);
  }, 30_000);

  it('a 5 MB single line of garbage', () => {
    const x = extract(garbage(5_000_000, 11), 'test_hf_bert.py');
    expect(x.parse.clean).toBe(false);
  });
});
