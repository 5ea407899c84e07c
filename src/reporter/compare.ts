import { bootstrapMedianRatioCI, iqr, mannWhitneyU, median, predictionTest, type ConfidenceInterval } from './stats';

/**
 * `noisy`: the change cannot be judged from this run, e.g. a wall-time regression measured while
 * the process waited for a CPU far more than when the baseline was recorded (contention, not code).
 */
export type Verdict = 'regression' | 'improvement' | 'noisy' | 'unchanged' | 'insufficient-data' | 'new';

export type Unit = 'ms' | 'items/s' | 'bytes' | 'ratio';

export interface ComparisonThresholds {
  /** Relative change that counts as material for time/throughput metrics. Default 0.20. */
  tolerance: number;
  /** Relative change that counts as material for `bytes` metrics. Default 0.10. */
  memoryTolerance: number;
  /** Significance level of the Mann-Whitney test. Default 0.01. */
  alpha: number;
  /** Fewest samples needed on each side before any verdict besides `insufficient-data`. Default 5. */
  minSamples: number;
  /**
   * Baseline runs needed before the run-level test also has to agree. Samples of one run share its
   * machine state, so with enough baseline runs a change must also stand out from the run-to-run
   * spread of the baseline's per-run medians. Default 3.
   */
  minBaselineRuns: number;
  /**
   * Absolute differences below this are never material, per unit. Default: 1 MiB for bytes
   * (RSS moves by whole pages and allocator arenas), 0 otherwise.
   */
  minAbsoluteDelta: Partial<Record<Unit, number>>;
}

export const DEFAULT_THRESHOLDS: ComparisonThresholds = {
  tolerance: 0.2,
  memoryTolerance: 0.1,
  alpha: 0.01,
  minSamples: 5,
  minBaselineRuns: 3,
  minAbsoluteDelta: { bytes: 1024 * 1024 },
};

/**
 * RSS figures move with the allocator's state, not only with the model: the same tiny model's peak
 * RSS growth measured 2–18 MiB depending on which suites ran before it in the worker (freed arenas
 * get reused). Changes smaller than this are never material for RSS metrics.
 */
export const RSS_FLOOR_BYTES = 32 * 1024 * 1024;
const RSS_METRICS = new Set(['rss_delta_bytes', 'rss_peak_delta_bytes']);

export interface ComparisonInput {
  /** The metric's name; RSS metrics get RSS_FLOOR_BYTES as their smallest material change. */
  metric?: string;
  current: readonly number[];
  /** Null when there is no baseline for this key. */
  baseline: readonly number[] | null;
  better: 'lower' | 'higher';
  unit: Unit;
  /** The baseline samples grouped by run (see `entryRunGroups`); enables the run-level test. */
  baselineRuns?: ReadonlyArray<readonly number[]>;
}

export interface Comparison {
  verdict: Verdict;
  currentMedian: number | null;
  baselineMedian: number | null;
  currentIqr: number | null;
  baselineIqr: number | null;
  currentCount: number;
  baselineCount: number;
  /** median(current) / median(baseline); null when undefined (no baseline, or baseline median <= 0). */
  ratio: number | null;
  /**
   * How much worse the current median is, as a factor (> 1 worse, < 1 better), already oriented by
   * `better`. Null when not computable.
   */
  worseFactor: number | null;
  /**
   * Mann-Whitney p-value. When the change is beyond the tolerance it tests "beyond the tolerance"
   * (the baseline moved to the boundary); otherwise "any change at all".
   */
  pValue: number | null;
  uStatistic: number | null;
  /** p-value of the current run's median against the baseline's per-run medians (moved likewise); null when too few baseline runs. */
  runPValue: number | null;
  /** How many baseline runs the run-level test used (0 when it did not apply). */
  baselineRunCount: number;
  /** Bootstrap CI of the ratio of medians. */
  ratioCI: ConfidenceInterval | null;
  /** Tolerance that applied to this metric. */
  tolerance: number;
}

/**
 * How much worse `current` is than `baseline` as a factor oriented by `better`. For positive
 * medians this is the plain ratio (or its inverse); for zero/negative medians (an RSS delta can
 * be either) it is 1 + the signed change relative to |baseline|.
 */
export function worseFactorOf(currentMedian: number, baselineMedian: number, better: 'lower' | 'higher'): number {
  if (currentMedian > 0 && baselineMedian > 0) {
    return better === 'lower' ? currentMedian / baselineMedian : baselineMedian / currentMedian;
  }
  const signedWorse = better === 'lower' ? currentMedian - baselineMedian : baselineMedian - currentMedian;
  if (baselineMedian === 0) return signedWorse === 0 ? 1 : signedWorse > 0 ? Infinity : 0;
  const relative = signedWorse / Math.abs(baselineMedian);
  // Map "relatively better by r" to 1/(1+r) so improvements and regressions are symmetric.
  return relative >= 0 ? 1 + relative : 1 / (1 - relative);
}

export function compareSamples(input: ComparisonInput, thresholds: ComparisonThresholds = DEFAULT_THRESHOLDS): Comparison {
  const tolerance = input.unit === 'bytes' ? thresholds.memoryTolerance : thresholds.tolerance;
  const current = input.current;
  const baseline = input.baseline;
  const result: Comparison = {
    verdict: 'new',
    currentMedian: current.length > 0 ? median(current) : null,
    baselineMedian: baseline && baseline.length > 0 ? median(baseline) : null,
    currentIqr: current.length > 0 ? iqr(current) : null,
    baselineIqr: baseline && baseline.length > 0 ? iqr(baseline) : null,
    currentCount: current.length,
    baselineCount: baseline?.length ?? 0,
    ratio: null,
    worseFactor: null,
    pValue: null,
    uStatistic: null,
    runPValue: null,
    baselineRunCount: 0,
    ratioCI: null,
    tolerance,
  };
  if (!baseline || baseline.length === 0) return result;
  if (result.currentMedian === null || result.baselineMedian === null) {
    result.verdict = 'insufficient-data';
    return result;
  }
  if (result.baselineMedian > 0) result.ratio = result.currentMedian / result.baselineMedian;
  result.worseFactor = worseFactorOf(result.currentMedian, result.baselineMedian, input.better);
  const runs = (input.baselineRuns ?? []).filter((run) => run.length > 0);
  const enoughRuns = runs.length >= Math.max(2, thresholds.minBaselineRuns);
  // Metrics measured once per run (load time, RSS, model size) never reach minSamples in one run:
  // they are judged by the run-level test alone once the baseline holds enough runs.
  const perRunMetric = current.length < thresholds.minSamples;
  if (perRunMetric ? !enoughRuns : baseline.length < thresholds.minSamples) {
    result.verdict = 'insufficient-data';
    return result;
  }
  // A change counts only when it is significantly beyond the tolerance, not merely significant:
  // the tests compare the current samples with the baseline moved to the tolerance boundary in
  // the direction of the change. A whole run that lands 1.2x slower on a busy machine is then no
  // longer "significantly different, and beyond 20%" by a hair; it has to stand clear of 20%.
  const bound = 1 + tolerance;
  const direction: 'regression' | 'improvement' | null =
    result.worseFactor > bound ? 'regression' : result.worseFactor < 1 / bound ? 'improvement' : null;
  const floor = Math.max(thresholds.minAbsoluteDelta[input.unit] ?? 0, input.metric && RSS_METRICS.has(input.metric) ? RSS_FLOOR_BYTES : 0);
  const toBoundary = boundaryShift(direction, input.better, bound, baseline, floor);
  // Values beyond the boundary are larger than it for a lower-is-better regression (and for a
  // higher-is-better improvement); a significant result on the other side of it proves nothing.
  const upwards = direction !== null && (direction === 'regression') === (input.better === 'lower');
  let pointsBeyond = true;

  let sampleP: number | null = null;
  if (!perRunMetric) {
    const shifted = baseline.map(toBoundary);
    const test = mannWhitneyU(current, shifted);
    if (direction !== null) pointsBeyond = upwards === test.u > (current.length * shifted.length) / 2;
    sampleP = test.p;
    result.pValue = test.p;
    result.uStatistic = test.u;
    if (result.baselineMedian > 0) result.ratioCI = bootstrapMedianRatioCI(current, baseline);
  }

  if (enoughRuns) {
    const runMedians = runs.map((run) => toBoundary(median(run)));
    // Timings are right-skewed and multiplicative; compare on a log scale when everything is positive.
    const useLog = result.currentMedian > 0 && runMedians.every((value) => value > 0);
    const transform = useLog ? Math.log : (value: number) => value;
    const runTest = predictionTest(runMedians.map(transform), transform(result.currentMedian));
    result.runPValue = runTest.p;
    if (direction !== null) pointsBeyond &&= upwards === runTest.t > 0;
    result.baselineRunCount = runs.length;
  }

  const significant = (sampleP === null || sampleP < thresholds.alpha) && (result.runPValue === null || result.runPValue < thresholds.alpha);
  const absoluteDelta = Math.abs(result.currentMedian - result.baselineMedian);
  const material = absoluteDelta >= floor;
  result.verdict = direction !== null && significant && material && pointsBeyond ? direction : 'unchanged';
  return result;
}

/**
 * Moves a baseline value to the tolerance boundary on the side of the change (identity when the
 * change is within tolerance, so the p-values then test "any change at all"). Multiplicative for
 * positive baselines; additive by tolerance x |median| when some values are zero or negative (RSS
 * deltas). Never closer than `floor`, the smallest absolute change that counts (1 MiB for memory):
 * a 1 MiB RSS delta against a baseline of 0 is not beyond a relative tolerance of 0.
 */
function boundaryShift(
  direction: 'regression' | 'improvement' | null,
  better: 'lower' | 'higher',
  bound: number,
  baseline: readonly number[],
  floor: number,
): (value: number) => number {
  if (direction === null) return (value) => value;
  // Worse means larger for lower-is-better metrics: a regression moves the baseline up, an improvement down.
  const upwards = (direction === 'regression') === (better === 'lower');
  if (baseline.every((value) => value > 0)) {
    return upwards ? (value) => Math.max(value * bound, value + floor) : (value) => Math.min(value / bound, value - floor);
  }
  const offset = Math.max((bound - 1) * Math.abs(median(baseline)), floor);
  return upwards ? (value) => value + offset : (value) => value - offset;
}

/** Thresholds from environment variables layered under explicit options. */
export function resolveThresholds(
  options: Partial<Omit<ComparisonThresholds, 'minAbsoluteDelta'>> & { minAbsoluteDelta?: Partial<Record<Unit, number>> } = {},
  env: NodeJS.ProcessEnv = process.env,
): ComparisonThresholds {
  const fromEnv = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number, got "${raw}"`);
    return value;
  };
  const thresholds: ComparisonThresholds = {
    tolerance: options.tolerance ?? fromEnv('HF_BASELINE_TOLERANCE') ?? DEFAULT_THRESHOLDS.tolerance,
    memoryTolerance: options.memoryTolerance ?? fromEnv('HF_BASELINE_MEMORY_TOLERANCE') ?? DEFAULT_THRESHOLDS.memoryTolerance,
    alpha: options.alpha ?? fromEnv('HF_BASELINE_ALPHA') ?? DEFAULT_THRESHOLDS.alpha,
    minSamples: options.minSamples ?? fromEnv('HF_BASELINE_MIN_SAMPLES') ?? DEFAULT_THRESHOLDS.minSamples,
    minBaselineRuns: options.minBaselineRuns ?? fromEnv('HF_BASELINE_MIN_RUNS') ?? DEFAULT_THRESHOLDS.minBaselineRuns,
    minAbsoluteDelta: { ...DEFAULT_THRESHOLDS.minAbsoluteDelta, ...options.minAbsoluteDelta },
  };
  if (!(thresholds.alpha > 0 && thresholds.alpha < 1)) throw new RangeError(`alpha must be within (0, 1), got ${thresholds.alpha}`);
  if (!Number.isInteger(thresholds.minSamples) || thresholds.minSamples < 1) {
    throw new RangeError(`minSamples must be a positive integer, got ${thresholds.minSamples}`);
  }
  for (const [name, value] of [['tolerance', thresholds.tolerance], ['memoryTolerance', thresholds.memoryTolerance]] as const) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number, got ${value}`);
  }
  return thresholds;
}
