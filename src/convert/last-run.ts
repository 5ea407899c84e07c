import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { ScannedFile } from '../scan';
import type { FileRecord, SuitePlan } from '../plan';
import { writeFileAtomic } from '../emit';

/**
 * The previous run's plan, keyed by a fingerprint of every scanned file's identity (path, size,
 * mtime, inode) and of the converter's own code. When nothing moved, a rerun reuses the plan
 * without reading, extracting or resolving anything: only the outputs' headers are checked.
 */
export interface LastRun {
  fingerprint: string;
  records: FileRecord[];
  suites: Required<SuitePlan>[];
}

export function fingerprint(files: ScannedFile[], codeVersion: string): string {
  const hash = createHash('sha1').update(codeVersion);
  for (const f of files) hash.update(`${f.root}\0${f.relPath}\0${f.size}\0${f.mtimeMs}\0${f.ino}\0${f.problem ?? ''}\n`);
  return hash.digest('hex');
}

export function loadLastRun(cacheDir: string | undefined, print: string): LastRun | undefined {
  if (!cacheDir) return undefined;
  try {
    const run = JSON.parse(fs.readFileSync(path.join(cacheDir, 'last-run.json'), 'utf8')) as LastRun;
    return run.fingerprint === print && Array.isArray(run.records) && Array.isArray(run.suites) ? run : undefined;
  } catch {
    return undefined;
  }
}

export function saveLastRun(cacheDir: string | undefined, run: LastRun): void {
  if (!cacheDir) return;
  try {
    writeFileAtomic(path.join(cacheDir, 'last-run.json'), JSON.stringify(run));
  } catch {
    // only costs speed next time
  }
}
