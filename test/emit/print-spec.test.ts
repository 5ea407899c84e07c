import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTemplate, renderBody, renderBodyWithTypeScript } from '../../src/emit/render';
import { cutTemplate, printSpecLiteral, quoteString } from '../../src/emit/print-spec';
import type { ModelSpec } from '../../src/runtime/spec';

/** The fast printer must print byte for byte what the TypeScript printer prints. */

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AWKWARD_STRINGS = [
  '', 'plain', 'it\'s "quoted" \\ back\\slash', 'tab\there\r\nCRLF\vvt\fff\bbs', 'NUL\u0000 then NUL\u00001 digit', '\u0000',
  '\u0001\u001f\u007f', 'sep\u2028para\u2029next\u0085', 'café 日本語 😀 \ud800 lone', '${x} `tick`', '*/ /* </script>',
  'x'.repeat(90), 'The capital of France is [MASK].',
];
const AWKWARD_NUMBERS = [0, -0, 1, -1, 1.5, -2.25, 1e21, 1e-7, -1e-7, 123456789012, 0.1 + 0.2, Number.MAX_SAFE_INTEGER, 5e-324];
const KEYS = ['a', 'modelId', '$x', '_y', 'with space', '1abc', 'dash-key', 'ünï', 'file', 'line', 'construct', 'x'.repeat(40)];

function randomValue(random: () => number, depth: number): unknown {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const r = random();
  if (depth > 3 || r < 0.35) return pick(AWKWARD_STRINGS);
  if (r < 0.5) return pick(AWKWARD_NUMBERS);
  if (r < 0.55) return random() < 0.5;
  if (r < 0.6) return null;
  const size = Math.floor(random() * (random() < 0.3 ? 8 : 4));
  if (r < 0.8) return Array.from({ length: size }, () => randomValue(random, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) object[pick(KEYS)] = random() < 0.1 ? undefined : randomValue(random, depth + 1);
  return object;
}

function realSpecs(): ModelSpec[] {
  // The generated suites hold real specs: recover them by evaluating their initializers.
  const root = path.join(__dirname, '..', '..', 'generated');
  const files = fs.existsSync(root) ? (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.test.ts')) : [];
  return files.map((f) => {
    const text = fs.readFileSync(path.join(root, f), 'utf8');
    const start = text.indexOf('const spec: ModelSpec = ') + 'const spec: ModelSpec = '.length;
    const end = text.indexOf(';\n\ndescribeModel(spec);');
    // eslint-disable-next-line no-new-func
    return new Function(`return (${text.slice(start, end)});`)() as ModelSpec;
  });
}

describe('printSpecLiteral', () => {
  const template = readTemplate();

  it('reads the shipped template exactly where TypeScript does', () => {
    expect(cutTemplate(template)).toBeDefined();
  });

  it('prints every generated suite spec exactly as the TypeScript printer does', () => {
    const specs = realSpecs();
    expect(specs.length).toBeGreaterThan(10);
    for (const spec of specs) {
      expect(printSpecLiteral(spec)).toBeDefined();
      expect(renderBody(spec, template)).toBe(renderBodyWithTypeScript(spec, template));
    }
  });

  it('prints awkward random values exactly as the TypeScript printer does', () => {
    const random = rng(7);
    const structural = [{ a: [{}] }, { a: [[1], { b: 'x'.repeat(85) }] }, [[[{ c: -0 }]]], { o: {}, l: [] }, [{}, []]];
    for (let i = 0; i < 400; i++) {
      const extra = i < structural.length ? structural[i] : randomValue(random, 0);
      const spec = { ...realSpecs()[0], warnings: [], extra } as unknown as ModelSpec;
      expect(renderBody(spec, template)).toBe(renderBodyWithTypeScript(spec, template));
    }
  });

  it('escapes strings like TypeScript: double quotes, C escapes, non-ASCII as \\uXXXX', () => {
    expect(quoteString('a"b\\c\n\u0000\u00001é😀\u2028')).toBe('"a\\"b\\\\c\\n\\0\\x001\\u00E9\\uD83D\\uDE00\\u2028"');
  });

  it('leaves odd values to the TypeScript printer (which rejects them the same way)', () => {
    expect(printSpecLiteral({ a: [1, undefined] })).toBeUndefined();
    expect(printSpecLiteral({ a: 1n })).toBeUndefined();
    expect(() => printSpecLiteral({ a: Infinity })).toThrow('cannot emit the non-finite number Infinity');
  });

  it('cuts templates of other plain shapes where TypeScript does, and declines unusual ones', () => {
    const spec = realSpecs()[0];
    const variants = [
      template,
      '/** doc */\n// more\nimport x from "y";\nexport const spec = { a: "}", b: \'{\', c: [1, (2)] };\nrun(spec);\n',
      'const spec: Some.Type = /* c */ {\n  // } not a brace\n  a: 1,\n};\n',
    ];
    for (const text of variants) {
      expect(cutTemplate(text)).toBeDefined();
      expect(renderBody(spec, text)).toBe(renderBodyWithTypeScript(spec, text));
    }
    expect(cutTemplate('const spec = make({});\n')).toBeUndefined();
    expect(cutTemplate('const spec = { a: `x` };\n')).toBeUndefined();
    expect(cutTemplate('let spec = {};\nconst spec = {};\n')).toBeUndefined();
    expect(cutTemplate('const spec = { a: 1 } as const;\n')).toBeUndefined();
    expect(cutTemplate('const spec = { a: 1 }\n(0);\n')).toBeUndefined();
  });
});
