import * as fs from 'node:fs';
import type { BaselineEntry, BaselineFile } from './format';
import { withFileLock, type LockOptions } from './lock';
import { listBaselineFiles, referencedRuns } from './merge';
import { readBaselineFile } from './read';
import { serializeBaselineFile, writeFileAtomic } from './write';

export interface PruneCriteria {
  /** Drop entries whose newest record is older than this many days. */
  olderThanDays?: number;
  /** Drop entries whose suite is not in this set. */
  keepSuites?: Iterable<string>;
  /** Reference time (default now). */
  now?: Date;
}

function shouldDrop(entry: BaselineEntry, criteria: PruneCriteria, keep: Set<string> | null): string | null {
  if (criteria.olderThanDays !== undefined) {
    const ageDays = ((criteria.now ?? new Date()).getTime() - Date.parse(entry.recordedAt)) / 86_400_000;
    if (ageDays > criteria.olderThanDays) return `not seen for ${Math.floor(ageDays)} days`;
  }
  if (keep && !keep.has(entry.suite)) return `suite ${entry.suite} is not in the kept set`;
  return null;
}

export interface PrunedEntry {
  key: string;
  reason: string;
}

export function pruneBaselineFile(file: BaselineFile, criteria: PruneCriteria): { file: BaselineFile; removed: PrunedEntry[] } {
  if (criteria.olderThanDays !== undefined && !(criteria.olderThanDays >= 0)) {
    throw new RangeError(`olderThanDays must be a non-negative number, got ${criteria.olderThanDays}`);
  }
  const keep = criteria.keepSuites ? new Set(criteria.keepSuites) : null;
  const entries: Record<string, BaselineEntry> = {};
  const removed: PrunedEntry[] = [];
  for (const [key, entry] of Object.entries(file.entries)) {
    const reason = shouldDrop(entry, criteria, keep);
    if (reason) removed.push({ key, reason });
    else entries[key] = entry;
  }
  return { file: { ...file, runs: referencedRuns(entries, file.runs), entries }, removed };
}

/** Prune every baseline file in `dir` under its lock; `dryRun` reports without writing. */
export function pruneBaselines(
  dir: string,
  criteria: PruneCriteria,
  options: { dryRun?: boolean; lock?: LockOptions } = {},
): Array<{ file: string; removed: PrunedEntry[]; kept: number }> {
  const results: Array<{ file: string; removed: PrunedEntry[]; kept: number }> = [];
  for (const path of listBaselineFiles(dir)) {
    results.push(
      withFileLock(
        path,
        () => {
          const { file, removed } = pruneBaselineFile(readBaselineFile(path), criteria);
          if (!options.dryRun && removed.length > 0) {
            if (Object.keys(file.entries).length === 0) fs.rmSync(path);
            else writeFileAtomic(path, serializeBaselineFile(file));
          }
          return { file: path, removed, kept: Object.keys(file.entries).length };
        },
        options.lock,
      ),
    );
  }
  return results;
}
