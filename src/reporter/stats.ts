/**
 * Small, dependency-free statistics for comparing performance samples.
 * Quantiles use linear interpolation between order statistics (numpy's default, R type 7).
 */

function sortedCopy(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

function assertSamples(values: readonly number[], what: string): void {
  if (values.length === 0) throw new RangeError(`${what}: needs at least one sample`);
  for (const value of values) {
    if (!Number.isFinite(value)) throw new RangeError(`${what}: samples must be finite numbers, got ${value}`);
  }
}

function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

export function quantile(values: readonly number[], q: number): number {
  assertSamples(values, 'quantile');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be within [0, 1], got ${q}`);
  return quantileOfSorted(sortedCopy(values), q);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Interquartile range: 75th minus 25th percentile. */
export function iqr(values: readonly number[]): number {
  assertSamples(values, 'iqr');
  const sorted = sortedCopy(values);
  return quantileOfSorted(sorted, 0.75) - quantileOfSorted(sorted, 0.25);
}

// ---------------------------------------------------------------------------------------------
// Normal tail probabilities. erfc is computed by a positive-term series for small x and a
// continued fraction for large x, which keeps full relative precision deep in the tail (p-values
// like 1e-12 stay meaningful instead of rounding to 0).

function erfcSmall(x: number): number {
  // erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1))
  let term = x;
  let sum = x;
  for (let n = 1; n < 500; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

function erfcLarge(x: number): number {
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), evaluated
  // with the modified Lentz algorithm.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 1000; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  return x < 2 ? erfcSmall(x) : erfcLarge(x);
}

/** P(Z >= z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

// ---------------------------------------------------------------------------------------------
// Mann-Whitney U

export type MannWhitneyMethod = 'exact' | 'asymptotic';

export interface MannWhitneyResult {
  /** U statistic of the first sample: how many (x, y) pairs have x > y, ties counting one half. */
  u: number;
  /** Two-sided p-value. */
  p: number;
  method: MannWhitneyMethod;
  /** Standardised statistic (asymptotic method only). */
  z?: number;
}

export interface MannWhitneyOptions {
  /** Force a method. By default the exact distribution is used when there are no ties and both samples are small. */
  method?: MannWhitneyMethod | 'auto';
  /** Largest sample size for which `auto` picks the exact distribution. Default 50. */
  exactMaxSize?: number;
}

/** Average ranks (1-based) of `values`, plus the tie-correction term sum(t^3 - t) over tie groups. */
function rankWithTies(values: readonly number[]): { ranks: number[]; tieTerm: number } {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  let tieTerm = 0;
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].value === order[start].value) end++;
    const groupSize = end - start + 1;
    const averageRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) ranks[order[i].index] = averageRank;
    tieTerm += groupSize ** 3 - groupSize;
    start = end + 1;
  }
  return { ranks, tieTerm };
}

/**
 * P(U <= u) for every u = 0..m*n under H0 without ties, by the recurrence
 * p(m, n, u) = m/(m+n) * p(m-1, n, u-n) + n/(m+n) * p(m, n-1, u). Probabilities (not counts)
 * keep the numbers in range for large samples.
 */
function exactUCdf(m: number, n: number): Float64Array {
  // table[j] holds the pmf for (i, j) while we sweep i; sizes grow up to m*n.
  let previousRow: Float64Array[] = [];
  for (let i = 0; i <= m; i++) {
    const row: Float64Array[] = [];
    for (let j = 0; j <= n; j++) {
      const pmf = new Float64Array(i * j + 1);
      if (i === 0 || j === 0) {
        pmf[0] = 1;
      } else {
        const withFirstLargest = previousRow[j]; // (i-1, j): the largest value is from sample 1, adding j to U
        const withSecondLargest = row[j - 1]; // (i, j-1)
        const weightFirst = i / (i + j);
        const weightSecond = j / (i + j);
        for (let u = 0; u < withFirstLargest.length; u++) pmf[u + j] += weightFirst * withFirstLargest[u];
        for (let u = 0; u < withSecondLargest.length; u++) pmf[u] += weightSecond * withSecondLargest[u];
      }
      row.push(pmf);
    }
    previousRow = row;
  }
  const pmf = previousRow[n];
  const cdf = new Float64Array(pmf.length);
  let running = 0;
  for (let u = 0; u < pmf.length; u++) {
    running += pmf[u];
    cdf[u] = running;
  }
  return cdf;
}

/**
 * Two-sided Mann-Whitney U test of `x` against `y`.
 * Asymptotic: normal approximation with tie correction and continuity correction (as scipy's
 * `mannwhitneyu(..., method='asymptotic', use_continuity=True)`).
 * Exact: the permutation distribution of U (valid only without ties), p = min(1, 2 * min tail).
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[], options: MannWhitneyOptions = {}): MannWhitneyResult {
  assertSamples(x, 'mannWhitneyU (first sample)');
  assertSamples(y, 'mannWhitneyU (second sample)');
  const n1 = x.length;
  const n2 = y.length;
  const { ranks, tieTerm } = rankWithTies([...x, ...y]);
  let rankSumX = 0;
  for (let i = 0; i < n1; i++) rankSumX += ranks[i];
  const u = rankSumX - (n1 * (n1 + 1)) / 2;

  const requested = options.method ?? 'auto';
  const exactMaxSize = options.exactMaxSize ?? 50;
  const hasTies = tieTerm > 0;
  if (requested === 'exact' && hasTies) {
    throw new RangeError('mannWhitneyU: the exact distribution assumes no ties; use the asymptotic method');
  }
  const useExact = requested === 'exact' || (requested === 'auto' && !hasTies && n1 <= exactMaxSize && n2 <= exactMaxSize);

  if (useExact) {
    const cdf = exactUCdf(n1, n2);
    // U is an integer without ties; P(U >= u) = 1 - P(U <= u - 1).
    const lower = cdf[u];
    const upper = u === 0 ? 1 : 1 - cdf[u - 1];
    return { u, p: Math.min(1, 2 * Math.min(lower, upper)), method: 'exact' };
  }

  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) {
    // Every value is identical: no evidence of any difference.
    return { u, p: 1, method: 'asymptotic', z: 0 };
  }
  const deviation = Math.max(0, Math.abs(u - mean) - 0.5);
  const z = deviation / Math.sqrt(variance);
  return { u, p: Math.min(1, 2 * normalUpperTail(z)), method: 'asymptotic', z };
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness and the bootstrap

/** Deterministic 32-bit PRNG (mulberry32): same seed, same stream, on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BootstrapOptions {
  /** Number of resamples. Default 2000. */
  resamples?: number;
  /** Confidence level of the interval. Default 0.95. */
  confidence?: number;
  /** PRNG seed, so the same inputs always give the same interval. Default 0x5eed. */
  seed?: number;
}

export interface ConfidenceInterval {
  low: number;
  high: number;
  confidence: number;
}

/**
 * Draws from the distribution of a bootstrap resample's median without building the resample.
 * A resample is n indices floor(n·U) into the sorted values, so its k-th smallest value is
 * sorted[floor(n·U₍ₖ₎)], where U₍ₖ₎ ~ Beta(k, n−k+1) is the k-th order statistic of n uniforms, and
 * the next one is U₍ₖ₎ + (1−U₍ₖ₎)·(1 − V^(1/(n−k))) (the least of the n−k uniforms above it). That is
 * the same distribution as resampling and selecting, at O(1) instead of O(n) per resample; the
 * reporter computes an interval per metric, suite and device.
 */
export class ResampledMedian {
  private readonly sorted: number[];
  private readonly lowerRank: number;

  constructor(values: readonly number[], private readonly variates: Variates) {
    this.sorted = [...values].sort((a, b) => a - b);
    const n = values.length;
    this.lowerRank = n % 2 === 1 ? (n + 1) / 2 : n / 2;
  }

  draw(): number {
    const n = this.sorted.length;
    const k = this.lowerRank;
    const lower = this.variates.beta(k, n - k + 1);
    const at = (u: number) => this.sorted[Math.min(n - 1, Math.floor(n * u))];
    if (n % 2 === 1) return at(lower);
    const upper = lower + (1 - lower) * (1 - Math.pow(this.variates.openUniform(), 1 / (n - k)));
    return (at(lower) + at(upper)) / 2;
  }
}

/** Beta, gamma and normal variates from one seeded uniform stream. */
export class Variates {
  /** The second normal of the last Box–Muller pair, not yet used. */
  private spareNormal: number | undefined;

  constructor(readonly uniform: () => number) {}

  /** (0, 1]: safe under log and fractional powers. */
  openUniform(): number {
    return 1 - this.uniform();
  }

  /** Beta(a, b) for a, b ≥ 1, as a ratio of gamma variates. */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    return x / (x + this.gamma(b));
  }

  /** Gamma(shape, 1) for shape ≥ 1 (Marsaglia & Tsang, ACM TOMS 26(3), 2000). */
  gamma(shape: number): number {
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const t = 1 + c * x;
      if (t <= 0) continue;
      const v = t * t * t;
      const u = this.openUniform();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Standard normal by the Box–Muller transform, both of each pair used. */
  normal(): number {
    const spare = this.spareNormal;
    if (spare !== undefined) {
      this.spareNormal = undefined;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(this.openUniform()));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}

/**
 * Percentile-bootstrap confidence interval for median(current) / median(baseline), resampling
 * each side independently. Resamples whose baseline median is 0 are skipped (ratio undefined);
 * if none remain the interval is null.
 */
export function bootstrapMedianRatioCI(
  current: readonly number[],
  baseline: readonly number[],
  options: BootstrapOptions = {},
): ConfidenceInterval | null {
  assertSamples(current, 'bootstrapMedianRatioCI (current)');
  assertSamples(baseline, 'bootstrapMedianRatioCI (baseline)');
  const resamples = options.resamples ?? 2000;
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`bootstrap confidence must be within (0, 1), got ${confidence}`);
  const variates = new Variates(seededRandom(options.seed ?? 0x5eed));
  const currentMedians = new ResampledMedian(current, variates);
  const baselineMedians = new ResampledMedian(baseline, variates);
  const drawn = new Float64Array(resamples);
  let count = 0;
  for (let i = 0; i < resamples; i++) {
    const currentMedian = currentMedians.draw();
    const baselineMedian = baselineMedians.draw();
    if (baselineMedian !== 0) drawn[count++] = currentMedian / baselineMedian;
  }
  if (count === 0) return null;
  const ratios = drawn.subarray(0, count).sort(); // typed arrays sort numerically
  const tail = (1 - confidence) / 2;
  return { low: quantileOfSorted(ratios, tail), high: quantileOfSorted(ratios, 1 - tail), confidence };
}

// ---------------------------------------------------------------------------------------------
// Student's t, for a run-level test: samples within one run share that run's machine state
// (other load, CPU frequency, cache), so they are not independent across runs. Comparing the
// current run's median with the spread of the baseline's per-run medians accounts for that.

/**
 * Two-sided tail P(|T| >= |t|) of Student's t with integer `df`, by the closed-form finite series
 * (Abramowitz & Stegun 26.7.3/26.7.4) — exact up to rounding for the small df used here.
 */
export function studentTTwoSidedP(t: number, df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`studentTTwoSidedP: df must be a positive integer, got ${df}`);
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0;
  const theta = Math.atan(Math.abs(t) / Math.sqrt(df));
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  let inside: number; // P(|T| < |t|)
  if (df % 2 === 1) {
    let term = cos;
    let sum = df > 1 ? cos : 0;
    for (let k = 3; k <= df - 2; k += 2) {
      term *= ((k - 1) / k) * cos * cos;
      sum += term;
    }
    inside = (2 / Math.PI) * (theta + sin * sum);
  } else {
    let term = 1;
    let sum = 1;
    for (let k = 2; k <= df - 2; k += 2) {
      term *= ((k - 1) / k) * cos * cos;
      sum += term;
    }
    inside = sin * sum;
  }
  return Math.min(1, Math.max(0, 1 - inside));
}

export interface RunLevelTest {
  /** Two-sided p-value that the current run median comes from the same distribution as the baseline run medians. */
  p: number;
  /** Number of baseline runs used. */
  runs: number;
  t: number;
}

/**
 * Prediction-interval test of one new observation against `k` earlier ones (normal model):
 * t = (x - mean) / (sd * sqrt(1 + 1/k)) with k - 1 degrees of freedom. Run medians of timings are
 * right-skewed, so callers pass logs. If every earlier value is identical, any difference is
 * significant (p = 0) and equality is not (p = 1).
 */
export function predictionTest(previous: readonly number[], current: number): RunLevelTest {
  const k = previous.length;
  if (k < 2) throw new RangeError('predictionTest: needs at least two earlier observations');
  const mean = previous.reduce((sum, value) => sum + value, 0) / k;
  const variance = previous.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (k - 1);
  const scale = Math.sqrt(variance * (1 + 1 / k));
  if (scale === 0 || scale < Math.abs(mean) * 1e-12) {
    const same = Math.abs(current - mean) <= Math.abs(mean) * 1e-12;
    return { p: same ? 1 : 0, runs: k, t: same ? 0 : Infinity };
  }
  const t = (current - mean) / scale;
  return { p: studentTTwoSidedP(t, k - 1), runs: k, t };
}
