import * as fs from 'node:fs';
import * as path from 'node:path';
import { printLiteral } from '../../src/emit/print-literal';
import { printWithCompiler, templateParts, templatePartsFromCompiler } from '../../src/emit/render';
import type { ModelSpec } from '../../src/runtime/spec';

/**
 * The fast literal printer must write exactly what TypeScript's printer writes (every generated
 * suite's bytes depend on it), and say when it does not know a layout.
 */
const asSpec = (value: unknown) => value as ModelSpec;

function committedSpecs(): Array<{ literal: string; spec: unknown }> {
  const root = path.join(__dirname, '..', '..', 'generated');
  return fs.readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((rel) => rel.endsWith('.test.ts'))
    .map((rel) => {
      const text = fs.readFileSync(path.join(root, rel), 'utf8');
      const literal = /^const spec: ModelSpec = ([\s\S]*?\n});\n/m.exec(text)![1]!;
      // The printed literal is JSON with bare keys: a strict reader is enough to get the value back.
      return { literal, spec: JSON.parse(literal.replace(/^(\s*)([A-Za-z_$][\w$]*): /gm, '$1"$2": ').replace(/([{,] )([A-Za-z_$][\w$]*): /g, '$1"$2": ')) };
    });
}

/** Deterministic random values of every shape a spec can hold, strings with every kind of escape. */
function* randomValues(count: number): Generator<unknown> {
  let seed = 11;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const chars = ['a', 'Z', ' ', '"', "'", '\\', '\n', '\r', '\t', '\b', '\f', '\v', '\0', '7', '\u0001', '\u001f', '\u007f', '\u0080', 'é', '\u2028', '\u2029', '\u0085', '😀', '`', '${', '*/'];
  const text = () => Array.from({ length: Math.floor(random() * 10) }, () => chars[Math.floor(random() * chars.length)]).join('');
  const value = (depth: number): unknown => {
    const k = random();
    if (depth > 3 || k < 0.3) return text();
    if (k < 0.4) return Math.floor(random() * 2000 - 1000) / (random() < 0.5 ? 1 : 8);
    if (k < 0.45) return random() < 0.5;
    if (k < 0.5) return null;
    if (k < 0.75) return Array.from({ length: Math.floor(random() * 6) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(random() * 6) }, (_, i) => [random() < 0.2 ? `k-${i}` : `k${i}`, value(depth + 1)]));
  };
  for (let i = 0; i < count; i++) yield value(0);
}

describe('the spec literal printer', () => {
  it('prints every committed suite’s spec as the compiler does, without falling back', () => {
    const specs = committedSpecs();
    expect(specs.length).toBeGreaterThan(40);
    for (const { literal, spec } of specs) {
      expect(printLiteral(spec)).toBe(literal);
      expect(printWithCompiler(asSpec(spec))).toBe(literal);
    }
  });

  it('prints random values with every escape as the compiler does, or leaves them to it', () => {
    let fast = 0;
    // Compared one by one, asserted at once: 5000 expect() calls cost more than the printing.
    const differing: Array<{ value: unknown; printed: string; compiler: string }> = [];
    for (const value of randomValues(5000)) {
      const printed = printLiteral(value);
      if (printed === undefined) continue;
      fast++;
      const compiler = printWithCompiler(asSpec(value));
      if (printed !== compiler) differing.push({ value, printed, compiler });
    }
    expect(differing).toEqual([]);
    expect(fast).toBeGreaterThan(4500);
  });

  it('leaves layouts it does not know to the compiler', () => {
    // A one-line object holding a multi-line array (it holds an object), and an exponent.
    expect(printLiteral({ a: [{ b: 1 }] })).toBeUndefined();
    expect(printLiteral({ n: 1e21 })).toBeUndefined();
    expect(printLiteral([undefined])).toBeUndefined();
    expect(() => printLiteral({ n: Number.NaN })).toThrow('cannot emit the non-finite number NaN');
  });

  it('finds the template’s code around the spec initializer as the compiler does', () => {
    expect(templateParts()).toEqual(templatePartsFromCompiler());
  });
});
