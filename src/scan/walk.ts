import * as fs from 'node:fs';
import * as path from 'node:path';

/** One entry under a scanned root, as the glob would return it in object mode. */
export interface WalkEntry {
  /** Relative to the root, `/`-separated. */
  path: string;
  name: string;
  dirent: Pick<fs.Dirent, 'isDirectory' | 'isSymbolicLink'>;
}

export interface WalkOptions {
  recursive: boolean;
  /** Folders, by name at any depth, that are neither listed nor entered. */
  ignoredNames: ReadonlySet<string>;
  /** One folder, relative to the root (`/`-separated), neither listed nor entered (the output dir). */
  ignoredPath?: string;
}

/**
 * Every entry under `root` the default scan (`**\/*`, no dotfiles, symlinks listed but not followed,
 * unreadable folders skipped) would get from fast-glob, without loading it: fast-glob and the
 * matchers under it took ~29 ms of a conversion's start-up (a one-file conversion went from 182 to
 * 160 ms without them). Scans with --include or --exclude patterns still use the glob;
 * test/scan/walk.test.ts checks both list the same entries.
 */
export function walkTree(root: string, options: WalkOptions): WalkEntry[] {
  const entries: WalkEntry[] = [];
  const visit = (dir: string, rel: string): void => {
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const dirent of dirents) {
      const name = dirent.name;
      if (name.startsWith('.')) continue;
      const entryPath = rel === '' ? name : `${rel}/${name}`;
      if (options.ignoredNames.has(name) || entryPath === options.ignoredPath) continue;
      entries.push({ path: entryPath, name, dirent });
      if (options.recursive && dirent.isDirectory()) visit(path.join(dir, name), entryPath);
    }
  };
  visit(root, '');
  return entries;
}
