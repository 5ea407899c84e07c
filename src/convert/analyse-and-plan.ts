import * as path from 'node:path';
import type { ScannedFile } from '../scan';
import { resolve, type Resolution } from '../resolve';
import { plan, type AnalysedFile } from '../plan';
import { AnalysisCache, type CachedAnalysis } from './cache';
import { analyseAll, defaultJobs } from './pool';
import { loadTypeScript } from '../util/typescript';
import type { ConvertOptions, Progress } from './index';

/** Reads, extracts (cached, on every core) and resolves the scanned files, then plans the suites. */
export async function analyseAndPlan(
  files: ScannedFile[],
  cacheDir: string | undefined,
  options: ConvertOptions,
  progress: (p: Progress) => void,
): Promise<ReturnType<typeof plan> & { cacheHits: number }> {
  const cache = AnalysisCache.open(cacheDir);
  const analyses = new Map<ScannedFile, CachedAnalysis>();
  const resolutions = new Map<ScannedFile, Resolution>();
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
  // Only the main thread falls back to the TypeScript parser (for the JS/TS files Babel gives up
  // on): it loads the compiler while the workers start on the files, not when the first such file
  // comes back.
  const scripts = toAnalyse.some((f) => !f.absPath.endsWith('.py'));
  const results = await analyseAll(
    toAnalyse.map((f) => ({ absPath: f.absPath })),
    options.jobs ?? defaultJobs(),
    () => progress({ phase: 'analyse', done: ++done, total }),
    scripts ? () => void loadTypeScript() : undefined,
  );
  results.forEach((result, i) => {
    const file = toAnalyse[i];
    analyses.set(file, result.analysis);
    if (result.resolution) resolutions.set(file, result.resolution);
    if (result.hash) cache.store(file.absPath, file, result.hash, path.basename(file.absPath), result.analysis);
  });

  const analysed: AnalysedFile[] = files.map((file) => toAnalysedFile(file, analyses.get(file), resolutions.get(file)));
  // The analysis cache is not output (content-addressed, outside the output dir), so --check and
  // --dry-run keep it warm too: CI's --check after a conversion should not re-extract everything.
  cache.save();
  return { ...plan(analysed), cacheHits };
}

function toAnalysedFile(file: ScannedFile, analysis: CachedAnalysis | undefined, resolution: Resolution | undefined): AnalysedFile {
  const base = { source: file.relPath, language: file.language, warnings: [] as string[] };
  if (file.problem) return file.problemStatus === 'skipped' ? { ...base, skip: file.problem } : { ...base, failure: file.problem };
  if (!analysis) return { ...base, failure: 'not analysed' };
  if (!analysis.ok) return analysis.status === 'skipped' ? { ...base, skip: analysis.reason } : { ...base, failure: analysis.reason };
  return { ...base, warnings: [...analysis.warnings], extraction: analysis.extraction, resolution: resolution ?? resolve(analysis.extraction) };
}
