import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One file of a model directory, relative path → contents. */
export type ModelFiles = Map<string, Uint8Array | string>;

/**
 * Writes `files` into `finalDir` atomically: everything goes to a private temp directory beside
 * it, which is then renamed into place. Concurrent writers (parallel Jest workers) race only on
 * the rename; the loser discards its copy and uses the winner's, which has identical bytes.
 * Given a function, renders the files only when the directory is not there yet (a cached model
 * costs no graph building). Returns true when this call created the directory, false when it already existed.
 */
export function writeDirectoryAtomically(finalDir: string, files: ModelFiles | (() => ModelFiles)): boolean {
  if (fs.existsSync(finalDir)) return false;
  const contentsByPath = typeof files === 'function' ? files() : files;
  const parent = path.dirname(finalDir);
  fs.mkdirSync(parent, { recursive: true });
  const tempDir = path.join(parent, `.tmp-${path.basename(finalDir)}-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    const made = new Set<string>();
    for (const [relative, contents] of contentsByPath) {
      const target = path.join(tempDir, relative);
      const folder = path.dirname(target);
      if (!made.has(folder)) fs.mkdirSync(folder, { recursive: true });
      made.add(folder);
      fs.writeFileSync(target, contents);
    }
    fs.renameSync(tempDir, finalDir);
    return true;
  } catch (error) {
    fs.rmSync(tempDir, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    // Another process renamed its (identical) copy into place first.
    if ((code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EPERM') && fs.existsSync(finalDir)) return false;
    throw new Error(`Could not write tiny model to ${finalDir}: ${(error as Error).message}`);
  }
}

/** Lists a directory's files recursively as sorted POSIX-style relative paths. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string, prefix: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(current, entry.name), relative);
      else out.push(relative);
    }
  };
  walk(dir, '');
  return out.sort();
}
