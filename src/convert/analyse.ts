import * as path from 'node:path';
import { extract, TypeScriptFallbackDeferred, type TypeScriptFallbackResume } from '../extract';
import { resolve, type Resolution } from '../resolve';
import type { CachedAnalysis } from './cache';
import { readLegacyFile } from './read';

export interface AnalyseTask {
  absPath: string;
  /**
   * Handed back by a worker: the TypeScript parser takes over where the worker's Babel gave up,
   * provided the file still has the content (`hash`) the worker read.
   */
  typeScriptFallback?: TypeScriptFallbackResume & { hash: string };
}

export interface AnalyseResult {
  absPath: string;
  /** This thread may not load TypeScript and the file needs it: analyse it on the main thread. */
  deferred?: boolean;
  /** With `deferred`: where the worker had got to, so Babel and its repairs are not run again. */
  typeScriptFallback?: TypeScriptFallbackResume & { hash: string };
  /** Content hash, when the file could be read. */
  hash?: string;
  analysis: CachedAnalysis;
  /**
   * The extraction resolved on the analysing thread (resolving is pure), so the main thread need
   * not resolve every file after the last result is in. Absent when resolving threw: the main
   * thread then resolves again and fails as it always did.
   */
  resolution?: Resolution;
}

/** Reads and extracts one legacy file; never throws (an extractor bug becomes a failed record). */
export function analyseFile(task: AnalyseTask): AnalyseResult {
  const read = readLegacyFile(task.absPath);
  if (!read.ok) return { absPath: task.absPath, analysis: read };
  try {
    const extraction = extract(read.text, path.basename(task.absPath), { typeScriptFallback: task.typeScriptFallback?.hash === read.hash ? task.typeScriptFallback : undefined });
    return { absPath: task.absPath, hash: read.hash, analysis: { ok: true, extraction, warnings: read.warnings }, resolution: resolveQuietly(extraction) };
  } catch (error) {
    if (error instanceof TypeScriptFallbackDeferred) {
      const typeScriptFallback = error.resume && { ...error.resume, hash: read.hash };
      return { absPath: task.absPath, deferred: true, typeScriptFallback, analysis: { ok: false, status: 'failed', reason: 'deferred' } };
    }
    return {
      absPath: task.absPath,
      hash: read.hash,
      analysis: { ok: false, status: 'failed', reason: `extractor error: ${(error as Error).message}` },
    };
  }
}

function resolveQuietly(extraction: Parameters<typeof resolve>[0]): Resolution | undefined {
  try {
    return resolve(extraction);
  } catch {
    return undefined;
  }
}
