import * as path from 'node:path';
import type { ScanResult } from '../scan';
import type { FileRecord, SuitePlan } from '../plan';
import { applyEmit, planEmit, specHash, type EmitChange } from '../emit';
import { converterVersion, defaultCacheDir } from './cache';
import { fingerprint, loadLastRun, reuseSnapshot, saveLastRun, snapshotOf } from './last-run';

export interface ConvertOptions {
  paths: string[];
  recursive: boolean;
  include?: string[];
  exclude?: string[];
  outDir: string;
  /** Compute everything, write nothing. */
  dryRun: boolean;
  force: boolean;
  jobs?: number;
  /** `false` disables the analysis cache. */
  cacheDir?: string | false;
  maxFileBytes: number;
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  phase: 'scan' | 'analyse' | 'emit' | 'done';
  done: number;
  total: number;
}

export interface ConversionResult {
  /** Scanned roots, absolute. */
  roots: string[];
  outDir: string;
  records: FileRecord[];
  suites: SuitePlan[];
  changes: EmitChange[];
  missingPaths: string[];
  wrote: boolean;
  durationMs: number;
  cacheHits: number;
}

export async function convert(options: ConvertOptions): Promise<ConversionResult> {
  const started = performance.now();
  const startedAt = Date.now();
  const progress = options.onProgress ?? (() => {});
  const outDir = path.resolve(options.outDir);
  const cacheDir = options.cacheDir === false ? undefined : options.cacheDir ?? defaultCacheDir(process.cwd());
  const lastRun = loadLastRun(cacheDir);
  // Without an earlier run to reuse, everything will be analysed: start the workers now, so their
  // start-up overlaps the scan (analyseAll adopts them, or drops them when they are not needed).
  const workers = lastRun === undefined ? (require('./workers') as typeof import('./workers')) : undefined;
  workers?.prestartWorkers(options.jobs ?? workers.defaultJobs());
  try {
    return await convertWith(options, started, startedAt, progress, outDir, cacheDir, lastRun);
  } finally {
    workers?.discardPrestartedWorkers();
  }
}

async function convertWith(
  options: ConvertOptions,
  started: number,
  startedAt: number,
  progress: (progress: Progress) => void,
  outDir: string,
  cacheDir: string | undefined,
  lastRun: ReturnType<typeof loadLastRun>,
): Promise<ConversionResult> {
  const scanKey = JSON.stringify([options.paths.map((p) => path.resolve(p)), options.recursive, options.include, options.exclude, outDir, options.maxFileBytes]);
  // The tree walk (and fast-glob itself) is skipped when no listed folder or file has moved.
  const snapshotFiles = reuseSnapshot(lastRun?.snapshot, scanKey);
  const scanned: ScanResult = snapshotFiles
    ? { files: snapshotFiles, missing: [], dirs: [] }
    : (require('../scan') as typeof import('../scan')).scan({ ...options, outDir, maxFileBytes: options.maxFileBytes });
  progress({ phase: 'scan', done: scanned.files.length, total: scanned.files.length });

  const print = fingerprint(scanned.files, converterVersion());
  const reused = lastRun?.fingerprint === print ? lastRun : undefined;
  const { suites: planned, records, cacheHits } = reused
    ? { suites: reused.suites, records: reused.records, cacheHits: scanned.files.length }
    : // Extractors, resolver and catalog load only when something must be analysed: a rerun
      // with nothing changed never pays for them.
      await (require('./analyse-and-plan') as typeof import('./analyse-and-plan')).analyseAndPlan(scanned.files, cacheDir, options, progress);
  const total = scanned.files.length;

  // Hashed once: emitting compares it with each file's header, and the last-run record keeps it.
  const suites: Array<Required<SuitePlan>> = planned.map((suite) => ({ ...suite, specHash: suite.specHash ?? specHash(suite.spec) }));
  progress({ phase: 'emit', done: 0, total: suites.length });
  const changes = planEmit(suites, { outDir, force: options.force });
  const wrote = !options.dryRun && changes.some((c) => c.action === 'create' || c.action === 'update' || c.action === 'remove');
  if (!options.dryRun) applyEmit(changes, outDir);
  if (!reused || !snapshotFiles) {
    const snapshot = snapshotFiles ? lastRun!.snapshot : snapshotOf(scanKey, scanned, startedAt);
    saveLastRun(cacheDir, { fingerprint: print, records, suites, snapshot });
  }
  progress({ phase: 'done', done: total, total });
  return {
    roots: [...new Set(scanned.files.map((f) => f.root))],
    outDir,
    records,
    suites,
    changes,
    missingPaths: scanned.missing,
    wrote,
    durationMs: performance.now() - started,
    cacheHits,
  };
}

export function isOutOfDate(result: ConversionResult): boolean {
  return result.changes.some((c) => c.action !== 'unchanged' && c.action !== 'kept-foreign');
}

