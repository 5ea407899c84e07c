import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { ScanResult, ScannedFile } from '../scan';
import type { FileRecord, SuitePlan } from '../plan';
import { writeFileAtomic } from '../emit';

/**
 * The previous run, for reruns where nothing moved:
 * - `snapshot`: the scan itself, valid while every listed folder and every file keeps its
 *   modification time (and size and inode), so the tree need not be walked again;
 * - `fingerprint` → `records` and `suites`: the plan, valid while every scanned file and the
 *   converter's own code are the same, so nothing is read, extracted or resolved again.
 */
export interface LastRun {
  fingerprint: string;
  records: FileRecord[];
  suites: Required<SuitePlan>[];
  snapshot?: ScanSnapshot;
}

export interface ScanSnapshot {
  /** The scan options it answers (paths, recursion, globs, output folder, size limit). */
  key: string;
  dirs: Array<[string, number]>;
  files: ScannedFile[];
}

/** A folder modified this close to the scan may change again within its timestamp's resolution. */
const RACY_MS = 2000;

export function fingerprint(files: ScannedFile[], codeVersion: string): string {
  const hash = createHash('sha1').update(codeVersion);
  for (const f of files) hash.update(`${f.root}\0${f.relPath}\0${f.size}\0${f.mtimeMs}\0${f.ino}\0${f.problem ?? ''}\n`);
  return hash.digest('hex');
}

export function loadLastRun(cacheDir: string | undefined): LastRun | undefined {
  if (!cacheDir) return undefined;
  try {
    const run = JSON.parse(fs.readFileSync(path.join(cacheDir, 'last-run.json'), 'utf8')) as LastRun;
    return typeof run.fingerprint === 'string' && Array.isArray(run.records) && Array.isArray(run.suites) ? run : undefined;
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

/** The scan as a snapshot, unless something in it is too fresh (or too odd) to trust later. */
export function snapshotOf(key: string, scanned: ScanResult, startedAt: number): ScanSnapshot | undefined {
  if (scanned.missing.length || scanned.files.some((f) => f.problem)) return undefined;
  const dirs: Array<[string, number]> = [];
  for (const dir of scanned.dirs) {
    const mtime = statOrUndefined(dir)?.mtimeMs;
    if (mtime === undefined || mtime > startedAt - RACY_MS) return undefined;
    dirs.push([dir, mtime]);
  }
  return { key, dirs, files: scanned.files };
}

/** The snapshot's files, if no folder or file it lists has moved since; else undefined. */
export function reuseSnapshot(snapshot: ScanSnapshot | undefined, key: string): ScannedFile[] | undefined {
  if (!snapshot || snapshot.key !== key) return undefined;
  for (const [dir, mtime] of snapshot.dirs) {
    if (statOrUndefined(dir)?.mtimeMs !== mtime) return undefined;
  }
  for (const file of snapshot.files) {
    const stat = statOrUndefined(file.absPath);
    if (!stat || stat.size !== file.size || stat.mtimeMs !== file.mtimeMs || stat.ino !== file.ino) return undefined;
  }
  return snapshot.files;
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
