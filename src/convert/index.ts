import * as path from 'node:path';
import { scan, type ScannedFile } from '../scan';
import { resolve } from '../resolve';
import { plan, type AnalysedFile, type FileRecord, type SuitePlan } from '../plan';
import { applyEmit, planEmit, specHash, type EmitChange } from '../emit';
import { AnalysisCache, converterVersion, defaultCacheDir, type CachedAnalysis } from './cache';
import { fingerprint, loadLastRun, saveLastRun } from './last-run';
import { loadTypeScript } from '../util/typescript';
import { analyseAll, defaultJobs } from './pool';

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
  const progress = options.onProgress ?? (() => {});
  const outDir = path.resolve(options.outDir);
  const scanned = scan({ ...options, outDir, maxFileBytes: options.maxFileBytes });
  progress({ phase: 'scan', done: scanned.files.length, total: scanned.files.length });

  const cacheDir = options.cacheDir === false ? undefined : options.cacheDir ?? defaultCacheDir(process.cwd());
  const print = fingerprint(scanned.files, converterVersion());
  const reused = loadLastRun(cacheDir, print);
  const { suites, records, cacheHits } = reused
    ? { suites: reused.suites, records: reused.records, cacheHits: scanned.files.length }
    : await analyseAndPlan(scanned.files, cacheDir, options, progress);
  const total = scanned.files.length;

  progress({ phase: 'emit', done: 0, total: suites.length });
  const changes = planEmit(suites, { outDir, force: options.force });
  const wrote = !options.dryRun && changes.some((c) => c.action === 'create' || c.action === 'update' || c.action === 'remove');
  if (!options.dryRun) applyEmit(changes, outDir);
  if (!reused) saveLastRun(cacheDir, { fingerprint: print, records, suites: suites.map((s) => ({ ...s, specHash: s.specHash ?? specHash(s.spec) })) });
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

async function analyseAndPlan(
  files: ScannedFile[],
  cacheDir: string | undefined,
  options: ConvertOptions,
  progress: (p: Progress) => void,
): Promise<ReturnType<typeof plan> & { cacheHits: number }> {
  const cache = AnalysisCache.open(cacheDir);
  const analyses = new Map<ScannedFile, CachedAnalysis>();
  const toAnalyse: ScannedFile[] = [];
  for (const file of files) {
    if (file.problem) continue;
    const hit = cache.lookupByStat(file.absPath, file);
    if (hit) analyses.set(file, hit);
    else toAnalyse.push(file);
  }
  const cacheHits = analyses.size;
  let done = cacheHits;
  const total = files.length;
  progress({ phase: 'analyse', done, total });
  const results = await analyseAll(
    toAnalyse.map((f) => ({ absPath: f.absPath })),
    options.jobs ?? defaultJobs(),
    () => progress({ phase: 'analyse', done: ++done, total }),
    // Emitting needs the TypeScript printer: load it while the main thread would only wait.
    loadTypeScript,
  );
  results.forEach((result, i) => {
    const file = toAnalyse[i];
    analyses.set(file, result.analysis);
    if (result.hash) cache.store(file.absPath, file, result.hash, path.basename(file.absPath), result.analysis);
  });

  const analysed: AnalysedFile[] = files.map((file) => toAnalysedFile(file, analyses.get(file)));
  // The analysis cache is not output (content-addressed, outside the output dir), so --check and
  // --dry-run keep it warm too: CI's --check after a conversion should not re-extract everything.
  cache.save();
  return { ...plan(analysed), cacheHits };
}

function toAnalysedFile(file: ScannedFile, analysis: CachedAnalysis | undefined): AnalysedFile {
  const base = { source: file.relPath, language: file.language, warnings: [] as string[] };
  if (file.problem) return file.problemStatus === 'skipped' ? { ...base, skip: file.problem } : { ...base, failure: file.problem };
  if (!analysis) return { ...base, failure: 'not analysed' };
  if (!analysis.ok) return analysis.status === 'skipped' ? { ...base, skip: analysis.reason } : { ...base, failure: analysis.reason };
  return { ...base, warnings: [...analysis.warnings], extraction: analysis.extraction, resolution: resolve(analysis.extraction) };
}

export function isOutOfDate(result: ConversionResult): boolean {
  return result.changes.some((c) => c.action !== 'unchanged' && c.action !== 'kept-foreign');
}

