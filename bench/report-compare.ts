/**
 * bench/report-compare: how long the reporter takes to judge a full models run against baselines,
 * next to the resample-and-select bootstrap it replaced, measured in the same process.
 *
 *   node -r esbuild-register bench/report-compare.ts [--run <run dir>] [--baselines baselines] [--repeat 5]
 *
 * With `--run` (a `.hf-convert/runs/<id>` folder of a full `jest --selectProjects models` run) the
 * real records and baselines are compared; without it, a synthetic run of the same shape (700
 * records, 20 samples each, against baselines of 200 samples). The reference is the definition of a
 * bootstrap resample as the reporter computed it before (n draws with replacement into a scratch
 * array, median by quickselect) for the same intervals with the same number of resamples: the ratio
 * is what drawing each resample's median from its order statistics saves.
 */
import * as path from 'node:path';
import { compareRun, type ReportRow } from '../src/reporter/compare-run';
import { resolveThresholds } from '../src/reporter/compare';
import { readRunRecords } from '../src/reporter/run-records';
import { bootstrapMedianRatioCI, median, seededRandom } from '../src/reporter/stats';
import { readBaselinesDir } from '../src/baselines/merge';
import { baselineKey, type BaselineEntry } from '../src/baselines';
import type { MeasurementRecord } from '../src/runtime/measurements';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const REPEAT = Number(option('repeat') ?? 5);
const RESAMPLES = 2000;

/**
 * The bootstrap as defined, done as the reporter did before: each side resampled with replacement
 * into a scratch array, its median found by quickselect, then the percentile interval.
 */
function resamplingRatioCI(current: readonly number[], baseline: readonly number[], random: () => number): [number, number] {
  const currentScratch = new Array<number>(current.length);
  const baselineScratch = new Array<number>(baseline.length);
  const resampledMedian = (values: readonly number[], scratch: number[]) => {
    for (let i = 0; i < values.length; i++) scratch[i] = values[Math.floor(random() * values.length)];
    return selectionMedian(scratch);
  };
  const ratios: number[] = [];
  for (let i = 0; i < RESAMPLES; i++) {
    const c = resampledMedian(current, currentScratch);
    const b = resampledMedian(baseline, baselineScratch);
    if (b !== 0) ratios.push(c / b);
  }
  ratios.sort((x, y) => x - y);
  return [ratios[Math.floor(0.025 * (ratios.length - 1))], ratios[Math.ceil(0.975 * (ratios.length - 1))]];
}

/** Median by Hoare quickselect (reorders `values`). */
function selectionMedian(values: number[]): number {
  const kth = (k: number) => {
    let left = 0;
    let right = values.length - 1;
    while (left < right) {
      const pivot = values[(left + right) >> 1];
      let i = left;
      let j = right;
      while (i <= j) {
        while (values[i] < pivot) i++;
        while (values[j] > pivot) j--;
        if (i <= j) {
          [values[i], values[j]] = [values[j], values[i]];
          i++;
          j--;
        }
      }
      if (k <= j) right = j;
      else if (k >= i) left = i;
      else return values[k];
    }
    return values[k];
  };
  const n = values.length;
  const upper = kth(n >> 1);
  if (n % 2 === 1) return upper;
  let lower = values[0];
  for (let i = 1; i < n >> 1; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}

interface Workload {
  label: string;
  records: MeasurementRecord[];
  baselines: ReadonlyMap<string, BaselineEntry>;
  context: Parameters<typeof compareRun>[3];
}

function realWorkload(runDir: string, baselinesDir: string): Workload {
  const run = readRunRecords(runDir);
  const baselines = readBaselinesDir(baselinesDir);
  return { label: `${runDir} against ${baselinesDir}`, records: run.records, baselines: baselines.entries, context: { environment: run.environment, baselineRuns: baselines.runs } };
}

function syntheticWorkload(): Workload {
  const random = seededRandom(17);
  const records: MeasurementRecord[] = [];
  const baselines = new Map<string, BaselineEntry>();
  const samples = (count: number, center: number) => Array.from({ length: count }, () => center * (1 + 0.1 * -Math.log(1 - random())));
  for (let i = 0; i < 700; i++) {
    const record = {
      suite: `text/suite-${i} fill-mask`, metric: 'latency_ms', device: 'cpu', dtype: 'fp32', runtime: 'bench', machine: 'bench x2',
      unit: 'ms', better: 'lower', samples: samples(20, 10), testFile: 'x.test.ts', passed: true,
    } as unknown as MeasurementRecord;
    records.push(record);
    baselines.set(baselineKey(record), { samples: samples(200, 10), sources: [] } as unknown as BaselineEntry);
  }
  return { label: 'synthetic: 700 records x 20 samples against 200-sample baselines', records, baselines, context: {} };
}

function main(): void {
  const runDir = option('run');
  const workload = runDir ? realWorkload(path.resolve(runDir), path.resolve(option('baselines') ?? 'baselines')) : syntheticWorkload();
  const thresholds = resolveThresholds({}, {});
  console.log(`${workload.label}; ${REPEAT} rounds, interleaved`);
  const compareMs: number[] = [];
  const bootstrapMs: number[] = [];
  const referenceMs: number[] = [];
  let rows: ReportRow[] = [];
  for (let round = 0; round < REPEAT; round++) {
    let start = performance.now();
    rows = compareRun(workload.records, workload.baselines, thresholds, workload.context);
    compareMs.push(performance.now() - start);
    const pairs = intervalInputs(rows, workload);
    start = performance.now();
    for (const [current, baseline] of pairs) bootstrapMedianRatioCI(current, baseline);
    bootstrapMs.push(performance.now() - start);
    const random = seededRandom(round);
    start = performance.now();
    for (const [current, baseline] of pairs) resamplingRatioCI(current, baseline, random);
    referenceMs.push(performance.now() - start);
  }
  const intervals = rows.filter((row) => row.ratioCI).length;
  const m = (xs: number[]) => median(xs);
  console.log(`rows ${rows.length}, bootstrap intervals ${intervals}`);
  console.log(`compareRun (whole judgement):          median ${m(compareMs).toFixed(0)} ms`);
  console.log(`  its intervals, order-statistic draws: median ${m(bootstrapMs).toFixed(0)} ms`);
  console.log(`  the same intervals by resampling:     median ${m(referenceMs).toFixed(0)} ms  (${(m(referenceMs) / m(bootstrapMs)).toFixed(1)}x the draws)`);
}

/** The pooled current samples and the baseline samples each interval was computed from. */
function intervalInputs(rows: ReportRow[], workload: Workload): Array<[number[], number[]]> {
  const pooled = new Map<string, number[]>();
  for (const record of workload.records) {
    const key = baselineKey(record);
    pooled.set(key, [...(pooled.get(key) ?? []), ...record.samples]);
  }
  return rows.filter((row) => row.ratioCI).map((row) => [pooled.get(row.key) ?? [], [...(workload.baselines.get(row.key)?.samples ?? [])]]);
}

main();
