import * as fs from 'node:fs';
import * as path from 'node:path';
import { runQueueWaitMs, WaitMeter } from '../../src/runtime/cpu-wait';
import { makeRecord, samplingPlan, timedRunCount, warmUp, writeRecords } from '../../src/runtime/measure';
import { readRunRecords } from '../../src/reporter/run-records';
import { tempDir } from '../helpers/tmp';

/** A fake clock: each call of the warmed function takes the next of `durations` milliseconds. */
function scripted(durations: number[]) {
  let clock = 0;
  let calls = 0;
  const fn = async () => {
    clock += durations[Math.min(calls, durations.length - 1)];
    calls++;
  };
  return { fn, now: () => clock, calls: () => calls };
}

describe('warm-up', () => {
  const plan = { min: 10, max: 60, budgetMs: 1_000_000 };

  test('runs until the call time stops falling, never fewer than the minimum', async () => {
    // Falling over 20 calls (V8 tiering up), then flat.
    const falling = scripted([...Array.from({ length: 20 }, (_, i) => 10 - i * 0.4), ...Array(100).fill(2)]);
    const { runs, settledMs } = await warmUp(falling.fn, plan, falling.now);
    expect(settledMs).toBe(2);
    expect(runs).toBeGreaterThanOrEqual(20);
    expect(runs).toBeLessThanOrEqual(30);
    const flat = scripted([2]);
    expect((await warmUp(flat.fn, plan, flat.now)).runs).toBe(10);
  });

  test('stops at its budget or its maximum', async () => {
    // Still falling, but each call takes half a second: the budget ends it soon after the minimum.
    const slow = scripted(Array.from({ length: 60 }, (_, i) => 500 - i * 5));
    const { runs } = await warmUp(slow.fn, { ...plan, budgetMs: 6_000 }, slow.now);
    expect(runs).toBeGreaterThan(10);
    expect(runs).toBeLessThan(15);
    expect(slow.now()).toBeGreaterThanOrEqual(6_000);
    const falling = scripted(Array.from({ length: 200 }, (_, i) => 1000 * 0.97 ** i));
    expect((await warmUp(falling.fn, plan, falling.now)).runs).toBe(60);
  });

  test('the default plan warms every call at least ten times and reloads a tiny model five times', () => {
    expect(samplingPlan({})).toMatchObject({ warmup: { min: 10 }, runs: { min: 10, max: 40 }, loadRuns: 5 });
  });

  test('timed runs: as many as fit the budget at the settled call time, 10 to 40; HF_BENCH_RUNS fixes the count', () => {
    const { runs } = samplingPlan({});
    expect(timedRunCount(runs, 0.2)).toBe(40);
    expect(timedRunCount(runs, 100)).toBe(20);
    expect(timedRunCount(runs, 5_000)).toBe(10);
    expect(timedRunCount(samplingPlan({ HF_BENCH_RUNS: '25' }).runs, 5_000)).toBe(25);
    expect(timedRunCount(samplingPlan({ HF_BENCH_RUNS: '3' }).runs, 0.1)).toBe(10);
  });
});

describe('waiting for a CPU', () => {
  test('Linux reports how long this thread waited on a run queue; a share stays within [0, 1]', () => {
    const waited = runQueueWaitMs();
    if (process.platform !== 'linux') return expect(waited).toBeNull();
    expect(waited).toEqual(expect.any(Number));
    const meter = new WaitMeter();
    let x = 0;
    for (let i = 0; i < 2e6; i++) x += i;
    expect(x).toBeGreaterThan(0);
    const share = meter.share();
    expect(share).toBeGreaterThanOrEqual(0);
    expect(share).toBeLessThanOrEqual(1);
  });
});

describe('the run environment', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir('hf-measure-');
  });
  afterEach(() => tmp.cleanup());

  test('the first records of a run say where it was measured; a damaged environment file is a problem, not a crash', () => {
    const runDir = path.join(tmp.dir, 'run-1');
    writeRecords([makeRecord({ suite: 's', device: 'cpu', dtype: 'fp32', runtime: 'r', modelSource: 'tiny', testFile: 't.test.ts' }, 'latency_ms', [1, 2, 3], 0.02)], tmp.dir, { HF_RUN_DIR: runDir, HF_MACHINE_LABEL: 'ci-large' });
    const run = readRunRecords(runDir);
    expect(run.records[0]).toMatchObject({ metric: 'latency_ms', waitShare: 0.02 });
    expect(run.environment).toMatchObject({ host: 'ci-large', label: 'ci-large', fingerprint: expect.stringMatching(/^[0-9a-f]{12}$/), node: process.version });
    expect(fs.readdirSync(runDir).sort()).toEqual(['environment.json', 'results-' + (process.env.JEST_WORKER_ID ?? '1') + '.jsonl']);

    fs.writeFileSync(path.join(runDir, 'environment.json'), '{"host": ');
    const damaged = readRunRecords(runDir);
    expect(damaged.environment).toBeUndefined();
    expect(damaged.problems).toEqual([expect.stringMatching(/environment\.json: not valid JSON .*the run's host is unknown/)]);
  });
});
