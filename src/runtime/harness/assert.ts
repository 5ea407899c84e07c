/** Assertions harnesses use on real outputs; each failure says what was expected and what came. */
export class HarnessAssertionError extends Error {
  override name = 'HarnessAssertionError';
}

/** A bad input the runtime refuses before it reaches the model. */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
}

export function fail(message: string): never {
  throw new HarnessAssertionError(message);
}

export function preview(value: unknown, max = 200): string {
  let text: string;
  try {
    text = JSON.stringify(value, (_k, v) => (ArrayBuffer.isView(v) ? `<${v.constructor.name}(${(v as unknown as ArrayLike<number>).length})>` : v));
  } catch {
    text = String(value);
  }
  if (text === undefined) text = String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function assertArray(value: unknown, what: string, minLength = 0): asserts value is unknown[] {
  if (!Array.isArray(value)) fail(`${what}: expected an array, got ${preview(value)}`);
  if (value.length < minLength) fail(`${what}: expected at least ${minLength} item(s), got ${value.length}`);
}

export function assertObject(value: unknown, what: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what}: expected an object, got ${preview(value)}`);
}

export function assertString(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string') fail(`${what}: expected a string, got ${preview(value)}`);
}

export function assertProbability(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    fail(`${what}: expected a score within [0, 1], got ${preview(value)}`);
  }
}

/** Scores must be valid probabilities and sorted best first. */
export function assertSortedScores(scores: number[], what: string): void {
  scores.forEach((s, i) => assertProbability(s, `${what}[${i}]`));
  for (let i = 1; i < scores.length; i++) {
    if (scores[i] > scores[i - 1] + 1e-7) fail(`${what}: scores not sorted best first (${scores[i - 1]} then ${scores[i]} at ${i})`);
  }
}

export function assertSumsToOne(scores: number[], what: string, tolerance = 1e-3): void {
  const sum = scores.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > tolerance) fail(`${what}: scores should sum to 1 (softmax over the candidates), got ${sum}`);
}

export function assertOneOf(value: unknown, allowed: string[], what: string): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    fail(`${what}: expected one of the config's labels ${preview(allowed)}, got ${preview(value)}`);
  }
}

/** Deep equality with a tolerance for floats (batched kernels may differ in the last bits). */
export function assertClose(actual: unknown, expected: unknown, what: string, tolerance = 1e-4): void {
  const problem = difference(actual, expected, tolerance, '');
  if (problem) fail(`${what}: ${problem}`);
}

const closeEnough = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

function difference(a: unknown, b: unknown, tolerance: number, at: string): string | undefined {
  if (typeof a === 'number' && typeof b === 'number') return closeEnough(a, b, tolerance) ? undefined : `at ${at || 'root'}: ${a} ≠ ${b}`;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) return elementsDifference(a as unknown as ArrayLike<unknown>, b as unknown as ArrayLike<unknown>, tolerance, at);
  if (Array.isArray(a) && Array.isArray(b)) return elementsDifference(a, b, tolerance, at);
  if (isTensor(a) && isTensor(b)) {
    if (a.dims.join('x') !== b.dims.join('x')) return `at ${at || 'root'}: tensor dims ${a.dims} ≠ ${b.dims}`;
    return difference(a.data, b.data, tolerance, `${at}.data`);
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      const d = difference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], tolerance, `${at}.${key}`);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : `at ${at || 'root'}: ${preview(a, 80)} ≠ ${preview(b, 80)}`;
}

/** Element by element; pairs of close numbers are passed inline, so a long tensor builds no `at` paths unless something differs. */
function elementsDifference(a: ArrayLike<unknown>, b: ArrayLike<unknown>, tolerance: number, at: string): string | undefined {
  if (a.length !== b.length) return `at ${at || 'root'}: length ${a.length} ≠ ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'number' && typeof y === 'number' && closeEnough(x, y, tolerance)) continue;
    const d = difference(x, y, tolerance, `${at}[${i}]`);
    if (d) return d;
  }
  return undefined;
}

export interface TensorLike {
  dims: number[];
  data: ArrayLike<number>;
  type: string;
}

export function isTensor(value: unknown): value is TensorLike {
  return typeof value === 'object' && value !== null && Array.isArray((value as TensorLike).dims) && ArrayBuffer.isView((value as TensorLike).data);
}

export function assertTensor(value: unknown, what: string, rank: number): asserts value is TensorLike {
  if (!isTensor(value)) fail(`${what}: expected a tensor, got ${preview(value)}`);
  if (value.dims.length !== rank) fail(`${what}: expected rank ${rank}, got dims [${value.dims}]`);
  if (value.dims.some((d) => d <= 0)) fail(`${what}: empty dimension in [${value.dims}]`);
  const { data } = value;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) fail(`${what}: non-finite value ${data[i]} at ${i}`);
  }
}
