import * as fs from 'node:fs';
import * as path from 'node:path';
import { RUN_ENVIRONMENT_FILE, resultsFileFor, runDirFor } from '../reporter/run-dir';
// The key module only (not the baselines index, which loads zod): one definition of a machine class.
import { machineClass } from '../baselines/key';
import { currentRunEnvironment } from '../baselines/host';
import { WaitMeter } from './cpu-wait';
import type { MeasurementRecord, MetricName } from './measurements';

export interface SamplingPlan {
  warmup: WarmupPlan;
  runs: TimedPlan;
  batchSize: number;
  batchRuns: TimedPlan;
  /** Timed reloads of a tiny model (a real checkpoint is reloaded once). */
  loadRuns: number;
}

/**
 * Untimed runs before timing: until the call's time stops falling (V8 tiers the pipeline's code up
 * over its first dozens of calls, and a suite run alone has nothing before it that warmed shared
 * code), within a count and time budget.
 */
export interface WarmupPlan {
  /** Fewest untimed runs. */
  min: number;
  /** Most untimed runs. */
  max: number;
  /** Stop once warming has taken this long (a real checkpoint's call can take seconds). */
  budgetMs: number;
}

/**
 * How many timed runs: as many as fit in `budgetMs` at the settled call time, within [min, max].
 * The machine's speed drifts within seconds on shared VMs, so a run's median is steadier the longer
 * the stretch it spans: measured on the generated suites, 40 timed calls instead of 10 cut the
 * run-to-run spread of a suite's median latency from 27% to 11% (4% against the reference).
 */
export interface TimedPlan {
  min: number;
  max: number;
  budgetMs: number;
}

/** At least 10 timed runs (the reporter's statistics need samples, not one number); HF_BENCH_RUNS fixes the count. */
export function samplingPlan(env: NodeJS.ProcessEnv = process.env): SamplingPlan {
  const fixed = Number(env.HF_BENCH_RUNS);
  const runs: TimedPlan = fixed > 0 ? { min: Math.max(10, fixed), max: Math.max(10, fixed), budgetMs: Infinity } : { min: 10, max: 40, budgetMs: 2000 };
  const batchRuns: TimedPlan = { min: Math.max(5, Math.round(runs.min / 2)), max: Math.max(5, Math.round(runs.max / 2)), budgetMs: runs.budgetMs };
  return { warmup: { min: 10, max: 60, budgetMs: 1500 }, runs, batchSize: 4, batchRuns, loadRuns: 5 };
}

/** The number of timed runs a plan allows at a call time of `callMs`. */
export function timedRunCount(plan: TimedPlan | number, callMs: number): number {
  if (typeof plan === 'number') return plan;
  const fitting = callMs > 0 ? Math.floor(plan.budgetMs / callMs) : plan.max;
  return Math.min(plan.max, Math.max(plan.min, fitting));
}

/** Window of the warm-up's stopping rule: the last WINDOW calls against the WINDOW before them. */
const WARMUP_WINDOW = 5;

export interface WarmupResult {
  runs: number;
  /** Median time of the last calls: what a timed call is expected to take. */
  settledMs: number;
}

/**
 * Runs `fn` untimed until its time has settled: the median of the last window is no longer 5%
 * faster than the window before it.
 */
export async function warmUp(fn: () => Promise<unknown>, plan: WarmupPlan, now: () => number = () => performance.now()): Promise<WarmupResult> {
  const times: number[] = [];
  const start = now();
  while (times.length < plan.max) {
    const t0 = now();
    await fn();
    times.push(now() - t0);
    if (times.length < plan.min) continue;
    if (now() - start >= plan.budgetMs) break;
    if (times.length >= 2 * WARMUP_WINDOW) {
      const last = medianOf(times.slice(-WARMUP_WINDOW));
      const before = medianOf(times.slice(-2 * WARMUP_WINDOW, -WARMUP_WINDOW));
      if (last >= before * 0.95) break;
    }
  }
  return { runs: times.length, settledMs: medianOf(times.slice(-WARMUP_WINDOW)) };
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Tracks the highest RSS seen: sampled around every timed run (cheap, no timers in the hot path). */
export class PeakRss {
  peak = process.memoryUsage.rss();
  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  }
}

export interface TimedRuns {
  /** Wall-clock milliseconds per run. */
  wall: number[];
  /** Process CPU milliseconds (user + system, every thread) per run. */
  cpu: number[];
  /** Share of the timed loop's wall time the JS thread spent waiting for a CPU (null: not reported). */
  waitShare: number | null;
  /** The reference workload's wall and CPU milliseconds right after each run (when one was given). */
  reference?: { wall: number[]; cpu: number[] };
}

/** Times one call of `fn`: wall and process CPU milliseconds. */
async function timeOne(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await fn();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpuStart);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

/**
 * Times `fn` `runs` times after warming it up (a fixed count, or until its time settles); with a
 * `reference`, times one reference call right after each run too (untimed runs warm it as well).
 */
export async function timeRuns(
  fn: () => Promise<unknown>,
  warmup: number | WarmupPlan,
  plan: number | TimedPlan,
  peak?: PeakRss,
  reference?: () => Promise<unknown>,
): Promise<TimedRuns> {
  let settledMs = 0;
  if (typeof warmup === 'number') for (let i = 0; i < warmup; i++) await fn();
  else settledMs = (await warmUp(fn, warmup)).settledMs;
  const runs = timedRunCount(plan, settledMs);
  peak?.sample();
  const wall: number[] = [];
  const cpu: number[] = [];
  const referenceTimes = reference ? { wall: [] as number[], cpu: [] as number[] } : undefined;
  const wait = new WaitMeter();
  for (let i = 0; i < runs; i++) {
    const run = await timeOne(fn);
    wall.push(run.wall);
    cpu.push(run.cpu);
    if (reference && referenceTimes) {
      const beside = await timeOne(reference);
      referenceTimes.wall.push(beside.wall);
      referenceTimes.cpu.push(beside.cpu);
    }
  }
  // Sampled around the timed loop, not inside it: reading RSS between runs measurably slows the
  // next run of a sub-millisecond model (bench/runtime's A/A check shows it).
  const waitShare = wait.share();
  peak?.sample();
  return { wall, cpu, waitShare, ...(referenceTimes ? { reference: referenceTimes } : {}) };
}

const METRIC_META: Record<MetricName, Pick<MeasurementRecord, 'better' | 'unit'>> = {
  load_ms: { better: 'lower', unit: 'ms' },
  latency_ms: { better: 'lower', unit: 'ms' },
  cpu_ms: { better: 'lower', unit: 'ms' },
  latency_vs_reference: { better: 'lower', unit: 'ratio' },
  cpu_vs_reference: { better: 'lower', unit: 'ratio' },
  throughput_batch1_items_per_s: { better: 'higher', unit: 'items/s' },
  throughput_batch_items_per_s: { better: 'higher', unit: 'items/s' },
  rss_delta_bytes: { better: 'lower', unit: 'bytes' },
  rss_peak_delta_bytes: { better: 'lower', unit: 'bytes' },
  model_bytes: { better: 'lower', unit: 'bytes' },
};

export interface RecordContext {
  suite: string;
  device: string;
  dtype: string;
  runtime: string;
  modelSource: string;
  testFile: string;
}

export function makeRecord(ctx: RecordContext, metric: MetricName, samples: number[], waitShare?: number | null): MeasurementRecord {
  return {
    suite: ctx.suite,
    metric,
    device: ctx.device,
    dtype: ctx.dtype,
    runtime: ctx.runtime,
    machine: machineClass(),
    ...METRIC_META[metric],
    samples: samples.map((s) => Math.round(s * 1000) / 1000),
    modelSource: ctx.modelSource,
    recordedAt: new Date().toISOString(),
    testFile: ctx.testFile,
    ...(waitShare !== undefined && waitShare !== null ? { waitShare: Math.round(waitShare * 1e4) / 1e4 } : {}),
  };
}

/**
 * Appends records to this worker's results file in the run directory the reporter reads.
 * One write per batch of lines with O_APPEND, so a killed worker leaves at most a torn last line.
 */
export function writeRecords(records: MeasurementRecord[], rootDir = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  const runDir = runDirFor(rootDir, env);
  const file = resultsFileFor(runDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeRunEnvironmentOnce(runDir, env);
  fs.appendFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

/** Written by the first worker to record anything; complete or absent (temp file, then a link that fails if another worker won). */
function writeRunEnvironmentOnce(runDir: string, env: NodeJS.ProcessEnv): void {
  const target = path.join(runDir, RUN_ENVIRONMENT_FILE);
  if (fs.existsSync(target)) return;
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(currentRunEnvironment(env), null, 2)}\n`);
  try {
    fs.linkSync(temp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
