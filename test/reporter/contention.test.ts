import { batchesFromRecords, emptyBaselineFile, mergeBatches } from '../../src/baselines';
import { DEFAULT_THRESHOLDS } from '../../src/reporter/compare';
import { compareRun, contentionNote, crossHostNote, machineSpeedNote } from '../../src/reporter/compare-run';
import type { MeasurementRecord } from '../../src/runtime/measurements';
import { makeRecord } from '../baselines/fixtures/records';

const around = (center: number) => Array.from({ length: 12 }, (_, i) => center * (1 + 0.01 * (i - 6)));
const HOST = { machine: 'Intel(R) Xeon(R) Processor x2', memoryBytes: 2 ** 34, kernel: '6.1.0', node: 'v20.20.2' };
const here = { ...HOST, host: 'aaaa', fingerprint: 'aaaa' };
const there = { ...HOST, host: 'bbbb', fingerprint: 'bbbb' };

/** A baseline of three runs (each waiting 1% for a CPU), recorded on `there` unless told otherwise. */
function baselineOf(records: (run: number) => MeasurementRecord[], runHost = there) {
  let file = emptyBaselineFile();
  for (let run = 0; run < 3; run++) {
    file = mergeBatches(file, batchesFromRecords(records(run), `run-${run}`, process.cwd()), { runs: { [`run-${run}`]: runHost } }).file;
  }
  return file;
}

function judged(current: MeasurementRecord[], baselineRecords: (run: number) => MeasurementRecord[], runHost = there) {
  const file = baselineOf(baselineRecords, runHost);
  return compareRun(current, new Map(Object.entries(file.entries)), DEFAULT_THRESHOLDS, { environment: here, baselineRuns: new Map(Object.entries(file.runs)) });
}

const wall = (center: number, waitShare: number) => makeRecord({ samples: around(center), waitShare });
const cpu = (center: number) => makeRecord({ metric: 'cpu_ms', samples: around(center) });
const recorded = (run: number) => [wall(2 + run * 0.02, 0.01), cpu(2 + run * 0.02)];

describe('contention', () => {
  test('a 2x wall-time slowdown while waiting for a CPU half the time is noisy; CPU time stays unchanged', () => {
    const rows = judged([wall(4, 0.5), cpu(2.02)], recorded);
    const latency = rows.find((row) => row.metric === 'latency_ms')!;
    expect(latency).toMatchObject({ verdict: 'noisy', waitShare: 0.5, baselineWaitShare: 0.01 });
    expect(latency.reason).toMatch(/^contention: 1\.9\dx slower while the process waited for a CPU 50% of the timed time \(baseline 1%\), which explains 1\.98x/);
    expect(rows.find((row) => row.metric === 'cpu_ms')!.verdict).toBe('unchanged');
    expect(contentionNote(rows)).toMatch(/^contention: 1 suite\(s\) were timed while the process waited for a CPU \(up to 50%/);
  });

  test('a slowdown beyond what the waiting explains is still a regression, with the waiting in its reason', () => {
    const rows = judged([wall(8, 0.5), cpu(4)], recorded);
    const latency = rows.find((row) => row.metric === 'latency_ms')!;
    expect(latency.verdict).toBe('regression');
    expect(latency.reason).toMatch(/3\.9\dx slower although the process waited/);
    expect(rows.find((row) => row.metric === 'cpu_ms')!.verdict).toBe('regression');
  });

  test('without extra waiting a wall-time regression stays a regression', () => {
    const latency = judged([wall(4, 0.05), cpu(4)], recorded).find((row) => row.metric === 'latency_ms')!;
    expect(latency.verdict).toBe('regression');
    expect(latency.reason).toBeUndefined();
    expect(contentionNote([latency])).toBeUndefined();
  });

  test('the baseline keeps each run\'s wait share with its samples', () => {
    const file = baselineOf(recorded);
    const entry = Object.values(file.entries).find((candidate) => candidate.metric === 'latency_ms')!;
    expect(entry.sources.map((source) => source.waitShare)).toEqual([0.01, 0.01, 0.01]);
    expect(Object.values(file.entries).find((candidate) => candidate.metric === 'cpu_ms')!.sources[0].waitShare).toBeUndefined();
  });
});

describe('where the baseline was recorded', () => {
  test('runs recorded only on other hosts make a cross-host verdict, and the report says so', () => {
    const rows = judged([wall(2, 0.01), cpu(2)], recorded);
    expect(rows.every((row) => row.hosts && row.hosts.sameHost === 0 && row.hosts.runs === 3 && row.hosts.hosts === 1)).toBe(true);
    expect(rows.every((row) => row.verdict === 'unchanged')).toBe(true);
    expect(crossHostNote(rows, here)).toMatch(/^cross-host: 2 of 2 metrics were judged against runs recorded only on other hosts .*fingerprint aaaa/);
  });

  test('runs recorded on this host are counted, and no note is made', () => {
    const rows = judged([wall(2, 0.01)], recorded, here);
    expect(rows[0].hosts).toEqual({ runs: 3, sameHost: 3, hosts: 1 });
    expect(crossHostNote(rows, here)).toBeUndefined();
  });

  test('a labelled host is named by its label', () => {
    const labelled = { ...here, host: 'ci-large', label: 'ci-large' };
    expect(crossHostNote(judged([wall(2, 0.01)], recorded), labelled)).toMatch(/labelled "ci-large"/);
  });

  test('a verdict counts the hosts of the runs it was judged on: the newest 30 runs, past the sample window', () => {
    let file = baselineOf(recorded);
    // A fourth run on this host fills the 12-sample window; the run-level test still sees all four runs.
    file = mergeBatches(file, batchesFromRecords([wall(2, 0.01)], 'run-3', process.cwd()), { runs: { 'run-3': here }, maxSamples: 12 }).file;
    const rows = compareRun([wall(2, 0.01)], new Map(Object.entries(file.entries)), DEFAULT_THRESHOLDS, { environment: here, baselineRuns: new Map(Object.entries(file.runs)) });
    expect(rows[0]).toMatchObject({ hosts: { runs: 4, sameHost: 1, hosts: 2 }, baselineRunCount: 4, baselineCount: 12 });
    expect(Object.keys(file.runs).sort()).toEqual(['run-0', 'run-1', 'run-2', 'run-3']);
    // Thirty-one more runs: the oldest ones leave the run-level test.
    for (let run = 4; run < 35; run++) file = mergeBatches(file, batchesFromRecords([wall(2, 0.01)], `run-${run}`, process.cwd()), { runs: { [`run-${run}`]: here } }).file;
    const later = compareRun([wall(2, 0.01)], new Map(Object.entries(file.entries)), DEFAULT_THRESHOLDS, { environment: here, baselineRuns: new Map(Object.entries(file.runs)) });
    expect(later[0]).toMatchObject({ hosts: { runs: 30, sameHost: 30, hosts: 1 }, baselineRunCount: 30 });
  });
});

describe('the reference workload', () => {
  const ratio = (center: number) => makeRecord({ metric: 'latency_vs_reference', unit: 'ratio', samples: around(center) });
  const baseline = (run: number) => [wall(2 + run * 0.02, 0.01), ratio(4 + run * 0.04)];

  test('a wall-time slowdown the reference shared is the machine: noisy, with a note', () => {
    const rows = judged([wall(3.4, 0.01), ratio(4.04)], baseline);
    const latency = rows.find((row) => row.metric === 'latency_ms')!;
    expect(latency.verdict).toBe('noisy');
    expect(latency.reason).toMatch(/^1\.6\dx slower, but latency_vs_reference is unchanged at 1\.00x: the reference workload timed beside each call slowed down as well/);
    expect(machineSpeedNote(rows)).toMatch(/^machine speed: 1 suite\(s\) were slower/);
    expect(contentionNote(rows)).toBeUndefined();
  });

  test('a slower model is slower than the reference too: both flag', () => {
    const rows = judged([wall(3.4, 0.01), ratio(6.8)], baseline);
    expect(Object.fromEntries(rows.map((row) => [row.metric, row.verdict]))).toEqual({ latency_ms: 'regression', latency_vs_reference: 'regression' });
    expect(machineSpeedNote(rows)).toBeUndefined();
  });
});
