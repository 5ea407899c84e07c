import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A fresh temp folder per test (under scratchRoot()), removed afterwards. */
export function tempDir(prefix = 'hf-convert-test-'): { dir: string; write(rel: string, content: string | Buffer): string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(scratchRoot(), prefix));
  return {
    dir,
    write(rel, content) {
      const file = path.join(dir, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      return file;
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Room a RAM-backed scratch root must have: every tiny model of every family, at three depths, is ~350 MB. */
const SCRATCH_MIN_FREE_BYTES = 1024 ** 3;
let scratch: string | undefined;

/**
 * Where tests put files they write, fsync and delete by the thousand (tiny models, baselines, converted
 * corpora): Linux's RAM-backed
 * /dev/shm when it is there with room to spare, else the OS temp folder. On a disk mounted with
 * `discard` every mkdir and unlink costs about a millisecond, which was most of a tiny build.
 */
export function scratchRoot(): string {
  scratch ??= ramBackedTemp() ?? os.tmpdir();
  return scratch;
}

function ramBackedTemp(): string | undefined {
  const shm = '/dev/shm';
  try {
    fs.accessSync(shm, fs.constants.W_OK);
    const { bavail, bsize } = fs.statfsSync(shm);
    return bavail * bsize >= SCRATCH_MIN_FREE_BYTES ? shm : undefined;
  } catch {
    return undefined;
  }
}
