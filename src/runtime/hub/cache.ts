import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HubError } from './errors';

/**
 * A model folder in the cache (or in HF_MODELS_DIR) is `<root>/<org>/<name>/<file>`, the layout
 * transformers.js's file cache writes. Beside the files, `.hf-convert.json` records what is known
 * to be complete: each file's size (and sha256 when known), and for each pipeline task the files
 * transformers.js reads for it on CPU fp32, so a later run can load them without any request.
 */
export const MANIFEST_NAME = '.hf-convert.json';
const MANIFEST_VERSION = 1;

export interface ManifestFile {
  size: number;
  sha256?: string;
}

export interface Manifest {
  version: number;
  id: string;
  /** Where the files came from. */
  endpoint: string;
  files: Record<string, ManifestFile>;
  /** Task → files transformers.js reads for it (present) and optional files the repo lacks (absent). */
  pipelines: Record<string, { files: string[]; absent: string[] }>;
}

export function modelDir(root: string, id: string): string {
  return path.join(root, ...id.split('/'));
}

export function readManifest(dir: string): Manifest | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_NAME), 'utf8')) as Manifest;
    if (parsed?.version !== MANIFEST_VERSION || typeof parsed.files !== 'object' || typeof parsed.pipelines !== 'object') return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

export function writeManifest(dir: string, manifest: Manifest): void {
  writeFileAtomic(path.join(dir, MANIFEST_NAME), JSON.stringify(manifest, null, 2) + '\n');
}

/** Adds one pipeline's files to the folder's manifest (sizes from disk, sha256 when known). */
export function recordPipeline(dir: string, id: string, endpoint: string, task: string, files: string[], sha256: Map<string, string> = new Map()): Manifest {
  const manifest = readManifest(dir) ?? { version: MANIFEST_VERSION, id, endpoint, files: {}, pipelines: {} };
  const present: string[] = [];
  const absent: string[] = [];
  for (const file of files) {
    const stat = statFile(path.join(dir, file));
    if (!stat) {
      absent.push(file);
      continue;
    }
    present.push(file);
    const known = manifest.files[file];
    const sha = sha256.get(file) ?? (known?.size === stat.size ? known.sha256 : undefined);
    manifest.files[file] = { size: stat.size, ...(sha ? { sha256: sha } : {}) };
  }
  manifest.endpoint = endpoint;
  manifest.pipelines[task] = { files: present, absent };
  writeManifest(dir, manifest);
  return manifest;
}

/** The files a task reads when the folder holds all of them, per its manifest; else undefined. */
export function cachedPipeline(dir: string, task: string): { files: string[]; manifest: Manifest } | undefined {
  const manifest = readManifest(dir);
  const entry = manifest?.pipelines[task];
  if (!manifest || !entry || entry.files.length === 0) return undefined;
  if (!entry.files.every((f) => fs.existsSync(path.join(dir, f)))) return undefined;
  return { files: entry.files, manifest };
}

/**
 * Checks cached files before transformers.js trusts them: the size the manifest recorded, JSON
 * that parses, ONNX files that start like a ModelProto. A damaged file is a `corrupt-cache` error
 * naming it (the cache is never patched behind the user's back).
 */
export function verifyCachedFiles(dir: string, files: string[], manifest: Manifest | undefined, hint: string): void {
  for (const file of files) {
    const full = path.join(dir, file);
    const stat = statFile(full);
    if (!stat) continue;
    const recorded = manifest?.files[file]?.size;
    let why: string | undefined;
    if (recorded !== undefined && recorded !== stat.size) why = `${stat.size} bytes, ${recorded} expected`;
    else if (file.endsWith('.json')) {
      try {
        JSON.parse(fs.readFileSync(full, 'utf8'));
      } catch (error) {
        why = `not valid JSON: ${(error as Error).message}`;
      }
    } else if (file.endsWith('.onnx')) {
      const head = readHead(full);
      // A serialized ModelProto starts with field 1 (ir_version, varint): tag byte 0x08.
      if (head === undefined || head !== 0x08) why = stat.size === 0 ? 'empty' : 'not an ONNX model';
    }
    if (why) throw new HubError(`cached file ${full} is damaged (${why}); delete it, or run \`hf-convert models pull\` to fetch it again${hint}`, 'corrupt-cache');
  }
}

/** Creates the folder if needed and proves it takes a file, or says which folder cannot be written. */
export function ensureWritableDir(dir: string, label: string): void {
  const probe = path.join(dir, `.write-test-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(probe, '');
    fs.rmSync(probe, { force: true });
  } catch (error) {
    throw new HubError(`${label} ${dir} is not writable: ${(error as Error).message}`, 'config');
  }
}

/** Temp file beside the target, then rename: a reader never sees a partial file. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

function statFile(file: string): fs.Stats | undefined {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? stat : undefined;
  } catch {
    return undefined;
  }
}

function readHead(file: string): number | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1);
    return fs.readSync(fd, buf, 0, 1, 0) === 1 ? buf[0] : undefined;
  } finally {
    fs.closeSync(fd);
  }
}
