import { compareSamples, DEFAULT_THRESHOLDS, resolveThresholds, worseFactorOf } from '../../src/reporter/compare';

/** `count` distinct values spread evenly over center ± spread. */
const around = (center: number, spread: number, count = 12) => Array.from({ length: count }, (_, i) => center + spread * ((2 * i) / (count - 1) - 1));
const baseline = around(100, 2);

describe('verdicts', () => {
  test('new: no baseline', () => {
    expect(compareSamples({ current: around(100, 2), baseline: null, better: 'lower', unit: 'ms' }).verdict).toBe('new');
  });

  test('insufficient-data below the minimum on either side', () => {
    expect(compareSamples({ current: [150, 151, 152, 153], baseline, better: 'lower', unit: 'ms' }).verdict).toBe('insufficient-data');
    expect(compareSamples({ current: around(150, 2), baseline: [100, 101, 99], better: 'lower', unit: 'ms' }).verdict).toBe('insufficient-data');
    // ...and the minimum is configurable.
    const relaxed = { ...DEFAULT_THRESHOLDS, minSamples: 3 };
    expect(compareSamples({ current: around(150, 2), baseline: [100, 101, 99], better: 'lower', unit: 'ms' }, relaxed).verdict).toBe('regression');
  });

  test('regression: 50% slower latency, significant', () => {
    const result = compareSamples({ current: around(150, 2), baseline, better: 'lower', unit: 'ms' });
    expect(result.verdict).toBe('regression');
    expect(result.ratio).toBeCloseTo(1.5, 6);
    expect(result.pValue).toBeLessThan(0.01);
    expect(result.ratioCI!.low).toBeGreaterThan(1.4);
  });

  test('improvement: 50% faster latency', () => {
    expect(compareSamples({ current: around(66, 2), baseline, better: 'lower', unit: 'ms' }).verdict).toBe('improvement');
  });

  test('direction follows `better`: lower throughput is a regression', () => {
    expect(compareSamples({ current: around(66, 2), baseline, better: 'higher', unit: 'items/s' }).verdict).toBe('regression');
    expect(compareSamples({ current: around(150, 2), baseline, better: 'higher', unit: 'items/s' }).verdict).toBe('improvement');
  });

  test('unchanged: significant but within tolerance (10% slower, tolerance 20%)', () => {
    const result = compareSamples({ current: around(110, 1), baseline, better: 'lower', unit: 'ms' });
    expect(result.pValue).toBeLessThan(0.01);
    expect(result.verdict).toBe('unchanged');
  });

  test('a change has to stand clear of the tolerance, not just of "no change"', () => {
    // 22% slower by the medians, clearly different from the baseline, but not clearly beyond 20%.
    const current = around(122, 4);
    const result = compareSamples({ current, baseline, better: 'lower', unit: 'ms' });
    expect(result.worseFactor).toBeCloseTo(1.22, 6);
    expect(compareSamples({ current, baseline, better: 'lower', unit: 'ms' }, { ...DEFAULT_THRESHOLDS, tolerance: 0 }).pValue).toBeLessThan(1e-4);
    expect(result.pValue).toBeGreaterThan(0.01);
    expect(result.verdict).toBe('unchanged');
    // The same holds for improvements and for higher-is-better metrics.
    expect(compareSamples({ current: around(100 / 1.22, 3), baseline, better: 'lower', unit: 'ms' }).verdict).toBe('unchanged');
    expect(compareSamples({ current: around(100 / 1.22, 3), baseline, better: 'higher', unit: 'items/s' }).verdict).toBe('unchanged');
    expect(compareSamples({ current: around(130, 1), baseline, better: 'lower', unit: 'ms' }).verdict).toBe('regression');
  });

  test('unchanged: beyond tolerance but not significant (wildly noisy)', () => {
    const noisyBaseline = [10, 300, 20, 250, 15, 280];
    const noisyCurrent = [12, 320, 30, 260, 400, 255];
    const result = compareSamples({ current: noisyCurrent, baseline: noisyBaseline, better: 'lower', unit: 'ms' });
    expect(result.worseFactor).toBeGreaterThan(1.2);
    expect(result.pValue).toBeGreaterThan(0.01);
    expect(result.verdict).toBe('unchanged');
  });

  test('tolerance and alpha are configurable', () => {
    const tighter = { ...DEFAULT_THRESHOLDS, tolerance: 0.05 };
    expect(compareSamples({ current: around(110, 1), baseline, better: 'lower', unit: 'ms' }, tighter).verdict).toBe('regression');
    const stricter = { ...DEFAULT_THRESHOLDS, alpha: 1e-9 };
    expect(compareSamples({ current: around(150, 2), baseline, better: 'lower', unit: 'ms' }, stricter).verdict).toBe('unchanged');
  });

  test('memory metrics use the memory tolerance (10%) and a 1 MiB floor', () => {
    const mib = 1024 * 1024;
    const memBaseline = around(100 * mib, mib);
    expect(compareSamples({ current: around(115 * mib, mib), baseline: memBaseline, better: 'lower', unit: 'bytes' }).verdict).toBe('regression');
    // The same 15% on a time metric is within the 20% tolerance.
    expect(compareSamples({ current: around(115, 1), baseline: around(100, 1), better: 'lower', unit: 'ms' }).verdict).toBe('unchanged');
    // 50% more of a few kilobytes is below the absolute floor.
    expect(compareSamples({ current: around(3000, 10), baseline: around(2000, 10), better: 'lower', unit: 'bytes' }).verdict).toBe('unchanged');
  });
});

describe('worseFactorOf', () => {
  test('positive medians: plain ratio oriented by direction', () => {
    expect(worseFactorOf(150, 100, 'lower')).toBeCloseTo(1.5);
    expect(worseFactorOf(150, 100, 'higher')).toBeCloseTo(2 / 3);
  });
  test('zero and negative medians (RSS deltas) stay finite and symmetric', () => {
    expect(worseFactorOf(-50, -100, 'lower')).toBeCloseTo(1.5);
    expect(worseFactorOf(-150, -100, 'lower')).toBeCloseTo(1 / 1.5);
    expect(worseFactorOf(5, 0, 'lower')).toBe(Infinity);
    expect(worseFactorOf(0, 0, 'lower')).toBe(1);
  });
});

describe('resolveThresholds', () => {
  test('environment variables, overridden by options', () => {
    const env = { HF_BASELINE_TOLERANCE: '0.3', HF_BASELINE_MEMORY_TOLERANCE: '0.05', HF_BASELINE_ALPHA: '0.05' };
    expect(resolveThresholds({}, env)).toMatchObject({ tolerance: 0.3, memoryTolerance: 0.05, alpha: 0.05, minSamples: 5 });
    expect(resolveThresholds({ tolerance: 0.1 }, env).tolerance).toBe(0.1);
    expect(resolveThresholds({}, {})).toMatchObject({ tolerance: 0.2, memoryTolerance: 0.1, alpha: 0.01 });
  });
  test('bad values are named', () => {
    expect(() => resolveThresholds({}, { HF_BASELINE_TOLERANCE: 'lots' })).toThrow(/HF_BASELINE_TOLERANCE must be a non-negative number, got "lots"/);
    expect(() => resolveThresholds({ alpha: 2 }, {})).toThrow(/alpha must be within/);
    expect(() => resolveThresholds({ minSamples: 0 }, {})).toThrow(/minSamples/);
  });
});

describe('run-level test', () => {
  // Five baseline runs whose medians wander by ±30% (a busy machine), each internally tight.
  const noisyRuns = [100, 130, 75, 120, 85].map((center) => around(center, 1, 10));
  const pooled = noisyRuns.flat();

  test('a 60% slower run inside the baseline run-to-run spread is not a regression', () => {
    const current = around(160, 1, 10);
    const sampleLevelOnly = compareSamples({ current, baseline: pooled, better: 'lower', unit: 'ms' });
    expect(sampleLevelOnly.verdict).toBe('regression');
    const result = compareSamples({ current, baseline: pooled, baselineRuns: noisyRuns, better: 'lower', unit: 'ms' });
    expect(result.baselineRunCount).toBe(5);
    expect(result.pValue).toBeLessThan(0.01);
    expect(result.runPValue).toBeGreaterThan(0.01);
    expect(result.verdict).toBe('unchanged');
  });

  test('with steady baseline runs the same change is a regression', () => {
    const steadyRuns = [100, 101, 99, 100.5, 99.5].map((center) => around(center, 1, 10));
    const result = compareSamples({ current: around(140, 1, 10), baseline: steadyRuns.flat(), baselineRuns: steadyRuns, better: 'lower', unit: 'ms' });
    expect(result.runPValue).toBeLessThan(0.01);
    expect(result.verdict).toBe('regression');
  });

  test('applies only from minBaselineRuns runs on', () => {
    const twoRuns = noisyRuns.slice(0, 2);
    const result = compareSamples({ current: around(160, 1, 10), baseline: twoRuns.flat(), baselineRuns: twoRuns, better: 'lower', unit: 'ms' });
    expect(result.runPValue).toBeNull();
    expect(result.verdict).toBe('regression');
  });
});

describe('metrics measured once per run (load time, RSS, model size)', () => {
  const MiB = 1024 * 1024;
  const runsOf = (values: number[]) => values.map((v) => [v]);

  test('are insufficient-data until the baseline holds enough runs', () => {
    const runs = runsOf([120, 118]);
    const result = compareSamples({ current: [240], baseline: runs.flat(), baselineRuns: runs, better: 'lower', unit: 'ms' });
    expect(result.verdict).toBe('insufficient-data');
  });

  test('are judged by the run-level test alone once it does', () => {
    const runs = runsOf([120, 118, 123, 119, 121]);
    const slower = compareSamples({ current: [240], baseline: runs.flat(), baselineRuns: runs, better: 'lower', unit: 'ms' });
    expect(slower.pValue).toBeNull();
    expect(slower.runPValue).toBeLessThan(0.01);
    expect(slower.verdict).toBe('regression');
    const same = compareSamples({ current: [121], baseline: runs.flat(), baselineRuns: runs, better: 'lower', unit: 'ms' });
    expect(same.verdict).toBe('unchanged');
  });

  test('a model that grew is a memory regression; an unchanged one is not', () => {
    const runs = runsOf([40 * MiB, 40 * MiB, 40 * MiB, 40 * MiB, 40 * MiB]);
    const grown = compareSamples({ current: [60 * MiB], baseline: runs.flat(), baselineRuns: runs, better: 'lower', unit: 'bytes' });
    expect(grown.verdict).toBe('regression');
    const same = compareSamples({ current: [40 * MiB], baseline: runs.flat(), baselineRuns: runs, better: 'lower', unit: 'bytes' });
    expect(same.verdict).toBe('unchanged');
  });
});

test('the table shows the p-value that decided', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { decisivePValue } = require('../../src/reporter/render') as typeof import('../../src/reporter/render');
  expect(decisivePValue({ pValue: 1e-6, runPValue: 0.2 })).toBe(0.2);
  expect(decisivePValue({ pValue: 0.03, runPValue: null })).toBe(0.03);
  expect(decisivePValue({ pValue: null, runPValue: null })).toBeNull();
});

test('a memory change of exactly the 1 MiB floor against a zero baseline is not a regression; beyond it, it is', () => {
  const MiB = 1024 * 1024;
  const runs = [[0], [0], [0], [0], [0]];
  const atFloor = compareSamples({ current: [MiB], baseline: runs.flat(), baselineRuns: runs, better: 'lower', unit: 'bytes' });
  expect(atFloor.verdict).toBe('unchanged');
  const beyond = compareSamples({ current: [3 * MiB], baseline: runs.flat(), baselineRuns: runs, better: 'lower', unit: 'bytes' });
  expect(beyond.verdict).toBe('regression');
});

test('significance on the wrong side of the tolerance boundary is not a regression', () => {
  // The median (121) is past 1.2x of the baseline's (100), but most of the samples sit far below the boundary:
  // Mann-Whitney is significant, in the direction of "faster than the boundary".
  const current = [...Array(61).fill(121), ...Array(60).fill(1)];
  const result = compareSamples({ current, baseline: around(100, 2, 60), better: 'lower', unit: 'ms' });
  expect(result.worseFactor).toBeGreaterThan(1.2);
  expect(result.pValue).toBeLessThan(0.01);
  expect(result.verdict).toBe('unchanged');
});
