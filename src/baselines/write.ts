import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BaselineFile } from './format';

/** Recursively sort object keys (arrays keep their order) so the file diffs well in review. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

export function serializeBaselineFile(file: BaselineFile): string {
  return `${JSON.stringify(sortKeysDeep(file), null, 2)}\n`;
}

const TEMP_MARKER = '.tmp-';

export interface AtomicWriteHooks {
  /** Called after the temp file is durable and before the rename; used to simulate crashes in tests. */
  beforeRename?: (tempFile: string) => void;
}

/**
 * Write `content` to `file` so readers only ever see the old or the new complete file: write a temp
 * file in the same directory (same filesystem, so rename is atomic), fsync it, rename over the
 * target, then fsync the directory so the rename itself survives a power cut.
 */
export function writeFileAtomic(file: string, content: string, hooks: AtomicWriteHooks = {}): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}${TEMP_MARKER}${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  const fd = fs.openSync(temp, 'wx', 0o644);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    hooks.beforeRename?.(temp);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  try {
    const dirFd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    // Some filesystems (and Windows) refuse to fsync a directory; the rename is still atomic.
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove temp files that a killed writer left next to `file`. Only files whose writer process is
 * gone are removed, so a concurrent writer's temp file is never touched. Returns the removed paths.
 */
export function removeOrphanedTempFiles(file: string): string[] {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}${TEMP_MARKER}`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isProcessAlive(pid)) continue;
    const orphan = path.join(dir, name);
    fs.rmSync(orphan, { force: true });
    removed.push(orphan);
  }
  return removed;
}

export { isProcessAlive };
