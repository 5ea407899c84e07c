import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Language } from '../extract/types';
import { walkTree, type WalkEntry } from './walk';

/** fast-glob loads only for scans with --include or --exclude patterns (see walkTree). */
const glob = () => (require('fast-glob') as typeof import('fast-glob')).sync;

/** One candidate legacy file, or a path that looked like one and cannot be used (with the reason). */
export interface ScannedFile {
  /** Absolute path as found (may pass through a symlink). */
  absPath: string;
  /** The scanned root it was found under (a path argument, or the folder of a file argument). */
  root: string;
  /** Path relative to `root`, with `/` separators. */
  relPath: string;
  /** `null` for a path that is not a script (e.g. a directory symlink loop). */
  language: Language | null;
  size: number;
  mtimeMs: number;
  ino: number;
  /** Set when the file cannot be converted at all; the record keeps it instead of crashing. */
  problem?: string;
  /** `skipped` for a path that is fine but not to be converted (a second path to the same file). */
  problemStatus?: 'failed' | 'skipped';
}

export interface ScanOptions {
  paths: string[];
  recursive: boolean;
  include?: string[];
  exclude?: string[];
  /** Output dir: never scanned, so generated suites are never mistaken for legacy tests. */
  outDir?: string;
  /** Files above this size are recorded, not read. */
  maxFileBytes: number;
}

export interface ScanResult {
  files: ScannedFile[];
  /** Path arguments that do not exist. */
  missing: string[];
  /** Every folder listed: while none of their modification times move, the file list cannot have changed. */
  dirs: string[];
}

/** `test_hf_<name>.<ext>` incl. variants; declaration files are not scripts. */
const LEGACY_NAME = /^test_hf_.+\.(py|js|mjs|cjs|ts)$/;
const LANGUAGE_BY_EXT: Record<string, Language> = {
  py: 'python', js: 'javascript', mjs: 'javascript', cjs: 'javascript', ts: 'typescript',
};
/** Folders a legacy corpus may contain but that never hold legacy tests to convert. */
const ALWAYS_IGNORED_NAMES: ReadonlySet<string> = new Set(['node_modules', 'improved', '.git']);
const ALWAYS_IGNORED = [...ALWAYS_IGNORED_NAMES].map((name) => `**/${name}/**`);
/** A path with any of these would be read by the glob as a pattern, not as the folder it names. */
const GLOB_SYNTAX = /[*?[\]{}()!+@\\]/;

export function isLegacyTestName(baseName: string): boolean {
  return LEGACY_NAME.test(baseName) && !baseName.endsWith('.d.ts');
}

export function languageOf(baseName: string): Language {
  return LANGUAGE_BY_EXT[baseName.slice(baseName.lastIndexOf('.') + 1)];
}

export function scan(options: ScanOptions): ScanResult {
  const files: ScannedFile[] = [];
  const missing: string[] = [];
  const seenFiles = new Map<string, string>();
  const dirs: string[] = [];
  for (const given of options.paths) {
    const abs = path.resolve(given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      missing.push(given);
      continue;
    }
    if (stat.isFile()) {
      const root = path.dirname(abs);
      files.push(fileRecord(abs, root, path.basename(abs), options, seenFiles));
    } else {
      scanDirectory(abs, options, files, seenFiles, dirs);
    }
  }
  files.sort((a, b) => (a.root === b.root ? compare(a.relPath, b.relPath) : compare(a.root, b.root)));
  return { files, missing, dirs };
}

function scanDirectory(root: string, options: ScanOptions, out: ScannedFile[], seen: Map<string, string>, dirs: string[]): void {
  dirs.push(root);
  const outRel = options.outDir ? toPosix(path.relative(root, path.resolve(options.outDir))) : undefined;
  const outInside = outRel !== undefined && outRel !== '' && !outRel.startsWith('..') && !path.isAbsolute(outRel) ? outRel : undefined;
  const entries = listEntries(root, options, outInside);
  const rootReal = safeRealpath(root);
  // Real files first, so when a link and its target are both found the target keeps its own path.
  entries.sort((a, b) => Number(a.dirent.isSymbolicLink()) - Number(b.dirent.isSymbolicLink()) || compare(a.path, b.path));
  for (const entry of entries) {
    const abs = path.join(root, entry.path);
    if (entry.dirent.isSymbolicLink()) {
      followSymlink(abs, root, rootReal, entry.path, options, out, seen, dirs);
    } else if (entry.dirent.isDirectory()) {
      dirs.push(abs);
      // A folder named like a script is still a path the user may think is a test: say why not.
      if (isLegacyTestName(entry.name)) out.push(fileRecord(abs, root, entry.path, options, seen));
    } else if (isLegacyTestName(entry.name)) {
      out.push(fileRecord(abs, root, entry.path, options, seen));
    }
  }
}

/**
 * The entries to look at under `root`. Symlinks are not followed by the listing (a loop would repeat
 * the tree until ELOOP); each symlink is resolved once by the caller and recorded with a reason when
 * it cannot be used.
 */
function listEntries(root: string, options: ScanOptions, outRel: string | undefined): WalkEntry[] {
  const patterns = options.include?.length ? options.include : undefined;
  if (patterns === undefined && !options.exclude?.length && (outRel === undefined || !GLOB_SYNTAX.test(outRel))) {
    return walkTree(root, { recursive: options.recursive, ignoredNames: ALWAYS_IGNORED_NAMES, ignoredPath: outRel });
  }
  const ignore = [...ALWAYS_IGNORED, ...(options.exclude ?? []), ...(outRel !== undefined ? [`${outRel}/**`] : [])];
  return glob()(patterns ?? ['**/*'], {
    cwd: root,
    ignore,
    deep: options.recursive ? Infinity : 1,
    dot: false,
    onlyFiles: false,
    followSymbolicLinks: false,
    objectMode: true,
    suppressErrors: true,
  });
}

function followSymlink(
  abs: string, root: string, rootReal: string | undefined, relPath: string,
  options: ScanOptions, out: ScannedFile[], seen: Map<string, string>, dirs: string[],
): void {
  const name = path.basename(abs);
  const real = safeRealpath(abs);
  if (real === undefined) {
    if (isLegacyTestName(name)) out.push(problemRecord(abs, root, relPath, symlinkProblem(abs)));
    return;
  }
  const stat = fs.statSync(real);
  if (stat.isFile()) {
    if (isLegacyTestName(name)) out.push(fileRecord(abs, root, relPath, options, seen));
    return;
  }
  if (!stat.isDirectory() || !options.recursive) return;
  // A directory link back into the tree being scanned would list the same files again (or forever).
  if (rootReal !== undefined && (real === rootReal || real.startsWith(rootReal + path.sep) || rootReal.startsWith(real + path.sep))) {
    out.push(problemRecord(abs, root, relPath, `symlink loop: directory link to ${path.relative(path.dirname(abs), real) || '.'} points back into the scanned tree; not followed`));
    return;
  }
  const nested: ScannedFile[] = [];
  scanDirectory(abs, options, nested, seen, dirs);
  for (const file of nested) out.push({ ...file, root, relPath: toPosix(path.join(relPath, file.relPath)) });
}

function symlinkProblem(abs: string): string {
  try {
    fs.statSync(abs);
    return 'cannot resolve symlink';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'symlink loop: the link resolves to itself';
    if (code === 'ENOENT') return `dangling symlink: target ${fs.readlinkSync(abs)} does not exist`;
    return `cannot resolve symlink: ${code}`;
  }
}

function fileRecord(abs: string, root: string, relPath: string, options: ScanOptions, seen: Map<string, string>): ScannedFile {
  const base: ScannedFile = {
    absPath: abs, root, relPath: toPosix(relPath), language: languageOf(path.basename(abs)), size: 0, mtimeMs: 0, ino: 0,
  };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch (error) {
    return { ...base, problem: describeStatError(abs, error) };
  }
  Object.assign(base, { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino });
  if (!stat.isFile()) return { ...base, problem: stat.isDirectory() ? 'cannot read: a directory named like a legacy test' : 'cannot read: not a regular file' };
  // Device and inode identify the file whichever link or path reached it (no realpath per file).
  const identity = `${stat.dev}:${stat.ino}`;
  const first = seen.get(identity);
  if (first !== undefined) return { ...base, problem: `same file as another path already scanned (${first})`, problemStatus: 'skipped' };
  seen.set(identity, base.relPath);
  if (stat.size > options.maxFileBytes) {
    return { ...base, problem: `file too large: ${formatBytes(stat.size)} exceeds the ${formatBytes(options.maxFileBytes)} limit (--max-file-size)` };
  }
  return base;
}

function problemRecord(abs: string, root: string, relPath: string, problem: string): ScannedFile {
  const name = path.basename(abs);
  return {
    absPath: abs, root, relPath: toPosix(relPath), language: isLegacyTestName(name) ? languageOf(name) : null,
    size: 0, mtimeMs: 0, ino: 0, problem,
  };
}

function describeStatError(abs: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'symlink loop: the link resolves to itself';
  if (code === 'ENOENT') return 'vanished while scanning (or a dangling symlink)';
  if (code === 'EACCES' || code === 'EPERM') return `cannot read: permission denied (${code})`;
  return `cannot read: ${code ?? String(error)}`;
}

function safeRealpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
