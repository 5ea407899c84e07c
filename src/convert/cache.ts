import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { Extraction } from '../extract/types';
import { writeFileAtomic } from '../emit';

/** What reading and extracting one file produced; all a rerun needs to skip both. */
export type CachedAnalysis =
  | { ok: true; extraction: Extraction; warnings: string[] }
  | { ok: false; status: 'failed' | 'skipped'; reason: string };

interface StatKey {
  size: number;
  mtimeMs: number;
  ino: number;
}

interface CacheFile {
  version: string;
  /** absolute path → stat identity + content key: lets a rerun skip reading unchanged files. */
  files: Record<string, StatKey & { key: string }>;
  /** content hash + file name → analysis (the file name matters: it names the model). */
  analyses: Record<string, CachedAnalysis>;
}

/**
 * Extraction results keyed by content hash, plus a stat index (like git's index) so unchanged
 * files are not even read on a rerun. The version folds in the extractor's own code, so
 * changing the extractor invalidates the cache without anyone having to remember to.
 */
export class AnalysisCache {
  private data: CacheFile;
  private dirty = false;
  private readonly seenPaths = new Set<string>();

  private constructor(private readonly file: string | undefined, version: string) {
    this.data = { version, files: {}, analyses: {} };
    if (!file) return;
    try {
      const loaded = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
      if (loaded.version === version && loaded.files && loaded.analyses) this.data = loaded;
    } catch {
      // missing or unreadable cache: start empty (a cache is never a reason to fail)
    }
  }

  static open(cacheDir: string | undefined): AnalysisCache {
    return new AnalysisCache(cacheDir ? path.join(cacheDir, 'analysis-cache.json') : undefined, converterVersion());
  }

  lookupByStat(absPath: string, stat: StatKey): CachedAnalysis | undefined {
    const entry = this.data.files[absPath];
    if (!entry || entry.size !== stat.size || entry.mtimeMs !== stat.mtimeMs || entry.ino !== stat.ino) return undefined;
    const analysis = this.data.analyses[entry.key];
    if (analysis) this.seenPaths.add(absPath);
    return analysis;
  }

  lookupByContent(contentHash: string, baseName: string): CachedAnalysis | undefined {
    return this.data.analyses[`${contentHash}:${baseName}`];
  }

  store(absPath: string, stat: StatKey, contentHash: string, baseName: string, analysis: CachedAnalysis): void {
    const key = `${contentHash}:${baseName}`;
    this.data.analyses[key] = analysis;
    this.data.files[absPath] = { ...stat, key };
    this.seenPaths.add(absPath);
    this.dirty = true;
  }

  /** Drops entries for files not seen in this run (when they were under the scanned roots) and saves. */
  save(): void {
    if (!this.file) return;
    const liveKeys = new Set<string>();
    for (const [p, entry] of Object.entries(this.data.files)) {
      if (this.seenPaths.has(p)) liveKeys.add(entry.key);
      else {
        delete this.data.files[p];
        this.dirty = true;
      }
    }
    for (const key of Object.keys(this.data.analyses)) {
      if (!liveKeys.has(key)) {
        delete this.data.analyses[key];
        this.dirty = true;
      }
    }
    if (!this.dirty) return;
    try {
      writeFileAtomic(this.file, JSON.stringify(this.data));
    } catch {
      // an unwritable cache only costs speed next time
    }
  }
}

/** Default cache folder, following the `node_modules/.cache/<tool>` convention. */
export function defaultCacheDir(cwd: string): string {
  const nodeModules = path.join(cwd, 'node_modules');
  if (fs.existsSync(nodeModules)) return path.join(nodeModules, '.cache', 'hf-convert');
  return path.join(os.tmpdir(), 'hf-convert-cache', createHash('sha1').update(cwd).digest('hex').slice(0, 12));
}

let versionMemo: string | undefined;
/**
 * Identity of the converter's own code and data (stages, catalog, template), from file names,
 * sizes and modification times (as make does; reading them all would cost a rerun more than
 * everything else): a change invalidates every cache.
 */
export function converterVersion(): string {
  if (versionMemo) return versionMemo;
  const hash = createHash('sha1');
  const src = path.join(__dirname, '..');
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(js|ts|json)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        const stat = fs.statSync(p);
        hash.update(`${entry.name}\0${stat.size}\0${stat.mtimeMs}\n`);
      }
    }
  };
  for (const stage of ['scan', 'extract', 'resolve', 'plan', 'catalog', 'convert', 'emit']) walk(path.join(src, stage));
  const template = fs.statSync(path.join(src, '..', 'templates', 'model-suite.ts'));
  hash.update(`template\0${template.size}\0${template.mtimeMs}`);
  versionMemo = hash.digest('hex').slice(0, 16);
  return versionMemo;
}
