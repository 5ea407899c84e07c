import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { BaselineFileError } from './errors';
import { isProcessAlive } from './write';

export interface LockOptions {
  /** Give up waiting after this long. Default 30 s. */
  timeoutMs?: number;
  /** A lock older than this is stale even if its pid looks alive (pid reuse, other host). Default 120 s. */
  staleMs?: number;
  /** First retry delay; doubles up to 200 ms. Default 5 ms. */
  retryDelayMs?: number;
}

interface LockOwner {
  pid: number;
  hostname: string;
  createdAt: number;
  token: string;
}

function readOwner(lockFile: string): { owner: LockOwner | null; raw: string } | null {
  let raw: string;
  try {
    raw = fs.readFileSync(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const owner = JSON.parse(raw) as LockOwner;
    return { owner: typeof owner?.pid === 'number' ? owner : null, raw };
  } catch {
    // Half-written by a process that died between create and write.
    return { owner: null, raw };
  }
}

function staleReason(lockFile: string, owner: LockOwner | null, staleMs: number): string | null {
  let createdAt = owner?.createdAt;
  if (createdAt === undefined) {
    try {
      createdAt = fs.statSync(lockFile).mtimeMs;
    } catch {
      return null; // released meanwhile; the caller simply retries
    }
  }
  const ageMs = Date.now() - createdAt;
  if (ageMs > staleMs) return `older than ${staleMs} ms`;
  if (owner && owner.hostname === os.hostname() && !isProcessAlive(owner.pid)) return `its process ${owner.pid} is gone`;
  // A lock with unreadable content from a writer that died mid-create: stale once it is a second old.
  if (!owner && ageMs > 1000) return 'it is unreadable';
  return null;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Try once to create the lock file exclusively. */
function tryCreate(lockFile: string): LockOwner | null {
  const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), createdAt: Date.now(), token: crypto.randomBytes(8).toString('hex') };
  let fd: number;
  try {
    fd = fs.openSync(lockFile, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw error;
  }
  try {
    fs.writeFileSync(fd, JSON.stringify(owner));
  } finally {
    fs.closeSync(fd);
  }
  return owner;
}

/**
 * Run `action` while holding `<file>.lock`, created with O_EXCL so only one process at a time can
 * hold it. Waiters poll with backoff; a lock whose owner died (same host) or that is older than
 * `staleMs` is broken. Synchronous on purpose: the read-modify-write it guards is synchronous, and
 * there is then no await point at which the lock could outlive a crash unnoticed.
 */
export function withFileLock<T>(file: string, action: () => T, options: LockOptions = {}): T {
  const lockFile = `${file}.lock`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const staleMs = options.staleMs ?? 120_000;
  let delay = options.retryDelayMs ?? 5;
  const deadline = Date.now() + timeoutMs;
  let owner: LockOwner | null = null;
  while (!(owner = tryCreate(lockFile))) {
    const current = readOwner(lockFile);
    if (current) {
      const reason = staleReason(lockFile, current.owner, staleMs);
      if (reason) {
        // Re-read just before removing so we never delete a lock someone else has just taken.
        const again = readOwner(lockFile);
        if (again && again.raw === current.raw) fs.rmSync(lockFile, { force: true });
        continue;
      }
    }
    if (Date.now() > deadline) {
      const who = current?.owner ? `process ${current.owner.pid} on ${current.owner.hostname} since ${new Date(current.owner.createdAt).toISOString()}` : 'an unknown process';
      throw new BaselineFileError(
        'lock',
        file,
        `timed out after ${timeoutMs} ms waiting for ${lockFile}, held by ${who}. If no hf-convert process is running, delete the lock file.`,
      );
    }
    sleepSync(delay * (0.5 + Math.random()));
    delay = Math.min(delay * 2, 200);
  }
  try {
    return action();
  } finally {
    const current = readOwner(lockFile);
    if (current?.owner?.token === owner.token) fs.rmSync(lockFile, { force: true });
  }
}
