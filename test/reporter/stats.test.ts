import { bootstrapMedianRatioCI, erfc, iqr, mannWhitneyU, median, predictionTest, ResampledMedian, Variates, quantile, seededRandom, studentTTwoSidedP } from '../../src/reporter/stats';

// Reference values from SciPy 1.17.1:
//   scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method=..., use_continuity=True)
//   scipy.special.erfc, numpy.median / numpy.percentile (linear interpolation).
const linspace = (start: number, stop: number, count: number) =>
  Array.from({ length: count }, (_, index) => start + ((stop - start) * index) / (count - 1));

describe('descriptive statistics', () => {
  const samples = [12.1, 11.8, 12.5, 13.0, 11.9, 12.2, 12.7, 12.0, 12.4, 12.3];
  test('median, quantile and IQR match numpy', () => {
    expect(median(samples)).toBeCloseTo(12.25, 12);
    expect(iqr(samples)).toBeCloseTo(0.45, 12);
    expect(quantile(samples, 0.1)).toBeCloseTo(11.89, 12);
    expect(median([5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  test('reject empty or non-finite samples', () => {
    expect(() => median([])).toThrow(/at least one sample/);
    expect(() => iqr([1, NaN])).toThrow(/finite/);
    expect(() => quantile([1], 1.5)).toThrow(/\[0, 1\]/);
  });
});

describe('erfc', () => {
  test.each([
    [0.1, 0.8875370839817152],
    [0.5, 0.4795001221869535],
    [1.5, 0.03389485352468927],
    [1.99, 0.004888586800383002],
    [2.01, 0.004475150644751764],
    [3, 2.2090496998585445e-5],
    [5, 1.5374597944280347e-12],
    [8, 1.1224297172982928e-29],
    [15, 7.212994172451209e-100],
  ])('erfc(%p) keeps relative precision', (x, expected) => {
    expect(Math.abs(erfc(x) / expected - 1)).toBeLessThan(1e-12);
  });
  test('negative arguments', () => {
    expect(erfc(-0.5)).toBeCloseTo(2 - 0.4795001221869535, 14);
    expect(erfc(0)).toBe(1);
  });
});

describe('Mann-Whitney U', () => {
  const separated = { x: [1.1, 2.2, 3.3, 4.4, 5.5], y: [6.6, 7.7, 8.8, 9.9, 10.1, 11.2] };
  const interleaved = { x: [3, 5, 7, 9, 11, 13], y: [2, 4, 6, 8, 10, 12, 14] };
  const tied = { x: [1, 2, 2, 3, 3, 3, 4, 5], y: [3, 4, 4, 5, 5, 6, 6, 7, 7] };
  const large = { x: linspace(10, 20, 30).map((v) => Math.round(v * 1000) / 1000), y: linspace(12, 22, 25).map((v) => Math.round((v + 0.0001) * 10000) / 10000) };

  test('by hand: three below three, exact p = 2 * 1/C(6,3) = 0.1', () => {
    const result = mannWhitneyU([1, 2, 3], [4, 5, 6]);
    expect(result).toMatchObject({ u: 0, method: 'exact' });
    expect(result.p).toBeCloseTo(0.1, 14);
    expect(mannWhitneyU([4, 5, 6], [1, 2, 3]).u).toBe(9);
  });

  test.each([
    ['separated', 'exact', separated, 0, 0.004329004329004329],
    ['separated', 'asymptotic', separated, 0, 0.00811311726556578],
    ['interleaved', 'exact', interleaved, 21, 1],
    ['interleaved', 'asymptotic', interleaved, 21, 1],
    ['tied', 'asymptotic', tied, 7.5, 0.006340074742489072],
    ['large', 'exact', large, 244, 0.02656069246315637],
    ['large', 'asymptotic', large, 244, 0.027394321633979014],
  ] as const)('%s sample, %s method, matches scipy', (_name, method, { x, y }, u, p) => {
    const result = mannWhitneyU(x, y, { method });
    expect(result.u).toBe(u);
    expect(result.method).toBe(method);
    expect(Math.abs(result.p - p)).toBeLessThan(1e-12 + 1e-9 * p);
  });

  test('auto picks exact without ties and asymptotic with ties', () => {
    expect(mannWhitneyU(separated.x, separated.y).method).toBe('exact');
    expect(mannWhitneyU(tied.x, tied.y).method).toBe('asymptotic');
    expect(mannWhitneyU(large.x, large.y, { exactMaxSize: 10 }).method).toBe('asymptotic');
  });

  test('exact refuses ties; identical samples give p = 1', () => {
    expect(() => mannWhitneyU(tied.x, tied.y, { method: 'exact' })).toThrow(/ties/);
    expect(mannWhitneyU([2, 2, 2], [2, 2, 2, 2]).p).toBe(1);
  });

  test('exact distribution stays normalised for 50 x 50', () => {
    const x = Array.from({ length: 50 }, (_, i) => 2 * i);
    const y = Array.from({ length: 50 }, (_, i) => 2 * i + 1);
    const result = mannWhitneyU(x, y);
    expect(result.method).toBe('exact');
    expect(result.p).toBeGreaterThan(0.8);
    expect(result.p).toBeLessThanOrEqual(1);
  });
});

describe('a bootstrap resample median drawn from order statistics', () => {
  /** The definition: n draws with replacement, then their median. */
  const resampleAndSelect = (values: number[], random: () => number) => median(Array.from(values, () => values[Math.floor(random() * values.length)]));
  /** Largest gap between two samples' empirical distribution functions (two-sample Kolmogorov–Smirnov). */
  function ksDistance(a: number[], b: number[]): number {
    const support = [...new Set([...a, ...b])].sort((x, y) => x - y);
    const cdf = (xs: number[]) => { const s = [...xs].sort((x, y) => x - y); let i = 0; return support.map((v) => { while (i < s.length && s[i] <= v) i++; return i / s.length; }); };
    const fa = cdf(a);
    const fb = cdf(b);
    return Math.max(...fa.map((f, i) => Math.abs(f - fb[i])));
  }
  const DRAWS = 20_000;
  // Critical distance at alpha = 0.001 for two samples of 20,000: 1.95 * sqrt(2 / 20,000) = 0.0195.
  const CRITICAL = 0.0195;
  const random = seededRandom(99);
  const datasets: Record<string, number[]> = {
    'one value': [3],
    'odd length': [5, 1, 4, 2, 3],
    'even length': [10, 12, 11, 15, 13, 14],
    'ties, 40 values': Array.from({ length: 40 }, () => Math.floor(random() * 6)),
    'skewed, 61 values': Array.from({ length: 61 }, () => -Math.log(1 - random())),
  };
  test.each(Object.entries(datasets))('has the distribution of resampling and selecting (%s)', (_, values) => {
    const sampler = new ResampledMedian(values, new Variates(seededRandom(1)));
    const drawn = Array.from({ length: DRAWS }, () => sampler.draw());
    const reference = seededRandom(2);
    const resampled = Array.from({ length: DRAWS }, () => resampleAndSelect(values, reference));
    expect(ksDistance(drawn, resampled)).toBeLessThan(CRITICAL);
  });
  test('the check tells a wrong rank apart (negative control)', () => {
    const values = datasets['even length'];
    const reference = seededRandom(3);
    const resampled = Array.from({ length: DRAWS }, () => resampleAndSelect(values, reference));
    // The upper middle alone instead of the mean of both middles.
    const upperOnly = (() => { const r = seededRandom(4); return Array.from({ length: DRAWS }, () => [...Array.from(values, () => values[Math.floor(r() * values.length)])].sort((x, y) => x - y)[values.length / 2]); })();
    expect(ksDistance(upperOnly, resampled)).toBeGreaterThan(CRITICAL);
  });
});

describe('bootstrap CI of the ratio of medians', () => {
  const random = seededRandom(42);
  const baseline = Array.from({ length: 40 }, () => 100 + random() * 10);
  const slower = baseline.map((value) => value * 1.5);

  test('is reproducible for a seed and covers the true ratio', () => {
    const first = bootstrapMedianRatioCI(slower, baseline, { seed: 7 });
    const second = bootstrapMedianRatioCI(slower, baseline, { seed: 7 });
    expect(first).toEqual(second);
    expect(first!.low).toBeLessThan(1.5);
    expect(first!.high).toBeGreaterThan(1.5);
    expect(first!.high - first!.low).toBeLessThan(0.2);
  });

  test('a different seed gives a (slightly) different interval', () => {
    expect(bootstrapMedianRatioCI(slower, baseline, { seed: 1 })).not.toEqual(bootstrapMedianRatioCI(slower, baseline, { seed: 2 }));
  });

  test('undefined ratio when the baseline median is always zero', () => {
    expect(bootstrapMedianRatioCI([1, 2, 3], [0, 0, 0])).toBeNull();
  });

  test('seeded PRNG is uniform enough', () => {
    const next = seededRandom(123);
    const values = Array.from({ length: 10000 }, next);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(median(values)).toBeGreaterThan(0.48);
    expect(median(values)).toBeLessThan(0.52);
  });
});

describe('run-level test', () => {
  test.each([
    [1, 0.24223788318168682],
    [2, 0.12961172022151082],
    [3, 0.08770664700806556],
    [4, 0.06676654481198814],
    [7, 0.04099221858575289],
    [19, 0.02174041116839744],
  ])('Student t two-sided tail at t = 2.5, df %p matches scipy', (df, expected) => {
    expect(Math.abs(studentTTwoSidedP(2.5, df) / expected - 1)).toBeLessThan(1e-10);
    expect(studentTTwoSidedP(-2.5, df)).toBeCloseTo(studentTTwoSidedP(2.5, df), 14);
  });
  test('Student t at the 0.995 quantiles (scipy t.ppf) gives p = 0.01', () => {
    expect(studentTTwoSidedP(63.656741162871526, 1)).toBeCloseTo(0.01, 12);
    expect(studentTTwoSidedP(4.604094871349992, 4)).toBeCloseTo(0.01, 12);
    expect(studentTTwoSidedP(0, 5)).toBe(1);
  });
  test('prediction test by hand: previous 1..5, new 3 is central, new 20 is far out', () => {
    // mean 3, sd sqrt(2.5), scale sqrt(2.5 * 1.2) = sqrt(3); t = 17 / sqrt(3)
    expect(predictionTest([1, 2, 3, 4, 5], 3)).toEqual({ p: 1, runs: 5, t: 0 });
    const far = predictionTest([1, 2, 3, 4, 5], 20);
    expect(far.t).toBeCloseTo(17 / Math.sqrt(3), 12);
    expect(far.p).toBeCloseTo(studentTTwoSidedP(17 / Math.sqrt(3), 4), 15);
    expect(far.p).toBeLessThan(0.01);
    expect(predictionTest([7, 7, 7], 7).p).toBe(1);
    expect(predictionTest([7, 7, 7], 8).p).toBe(0);
    expect(() => predictionTest([1], 2)).toThrow(/two earlier/);
  });
});
