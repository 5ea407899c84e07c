import * as fs from 'node:fs';
import * as path from 'node:path';
import { resultsFileFor, runDirFor } from '../reporter/run-dir';
// The key module only (not the baselines index, which loads zod): one definition of a machine class.
import { machineClass } from '../baselines/key';
import type { MeasurementRecord, MetricName } from './measurements';

export interface SamplingPlan {
  warmup: number;
  runs: number;
  batchSize: number;
  batchRuns: number;
}

/** At least 10 timed runs (the reporter's statistics need samples, not one number). */
export function samplingPlan(env: NodeJS.ProcessEnv = process.env): SamplingPlan {
  const runs = Math.max(10, Number(env.HF_BENCH_RUNS) || 10);
  return { warmup: 2, runs, batchSize: 4, batchRuns: Math.max(5, Math.round(runs / 2)) };
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
}

/** Times `fn` `runs` times after `warmup` untimed runs. */
export async function timeRuns(fn: () => Promise<unknown>, warmup: number, runs: number, peak?: PeakRss): Promise<TimedRuns> {
  for (let i = 0; i < warmup; i++) await fn();
  peak?.sample();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await fn();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  // Sampled around the timed loop, not inside it: reading RSS between runs measurably slows the
  // next run of a sub-millisecond model (bench/runtime's A/A check shows it).
  peak?.sample();
  return { wall, cpu };
}

const METRIC_META: Record<MetricName, Pick<MeasurementRecord, 'better' | 'unit'>> = {
  load_ms: { better: 'lower', unit: 'ms' },
  latency_ms: { better: 'lower', unit: 'ms' },
  cpu_ms: { better: 'lower', unit: 'ms' },
  throughput_batch1_items_per_s: { better: 'higher', unit: 'items/s' },
  throughput_batch_items_per_s: { better: 'higher', unit: 'items/s' },
  rss_delta_bytes: { better: 'lower', unit: 'bytes' },
  rss_peak_bytes: { better: 'lower', unit: 'bytes' },
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

export function makeRecord(ctx: RecordContext, metric: MetricName, samples: number[]): MeasurementRecord {
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
  };
}

/**
 * Appends records to this worker's results file in the run directory the reporter reads.
 * One write per batch of lines with O_APPEND, so a killed worker leaves at most a torn last line.
 */
export function writeRecords(records: MeasurementRecord[], rootDir = process.cwd()): string {
  const file = resultsFileFor(runDirFor(rootDir));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}
