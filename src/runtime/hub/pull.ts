import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Transformers from '@huggingface/transformers' with { 'resolution-mode': 'import' };
import { ensureWritableDir, modelDir, readManifest, recordPipeline } from './cache';
import { HubError, isHubError } from './errors';
import { createHubFetch, type FetchLike } from './http';
import { explainHubError, pipelineFiles } from './load';
import type { HubSettings } from './settings';

type TransformersModule = typeof Transformers;

/** One checkpoint to fetch, for the tasks of the suites that load it. */
export interface PullTarget {
  id: string;
  tasks: string[];
  /** The suites that asked for it (for the summary). */
  suites: string[];
}

export interface PullProgress {
  phase: 'list' | 'download';
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** `<id>/<file>` being fetched. */
  current?: string;
}

export type FileStatus = 'fetched' | 'present' | 'absent' | 'failed';

export interface FileOutcome {
  file: string;
  status: FileStatus;
  bytes?: number;
  /** e.g. "resumed at 1.2 MB", "retried after a cut-short download", "replaced a damaged copy". */
  notes?: string[];
  error?: string;
}

export interface ModelOutcome {
  id: string;
  tasks: string[];
  suites: string[];
  status: 'fetched' | 'present' | 'failed';
  files: FileOutcome[];
  error?: string;
  /** Whether the endpoint listed checksums (its file-tree API answered). */
  verified: boolean;
}

export interface PullResult {
  root: string;
  models: ModelOutcome[];
  totals: { fetched: number; present: number; failed: number; absent: number; bytes: number; models: { fetched: number; present: number; failed: number } };
}

export interface PullOptions {
  settings: HubSettings;
  /** Folder of `<org>/<name>/` model folders: HF_CACHE_DIR, or an HF_MODELS_DIR (`--to`). */
  root: string;
  /** How the folder is named in errors (`HF_CACHE_DIR`, `--to`). */
  rootLabel: string;
  transformers: TransformersModule;
  /** Attempts after a cut-short or dropped download, each resuming where the last stopped (default 3). */
  retries?: number;
  /** The wait before retry n is n times this (default 100 ms): the Hub's CDN has bad moments. */
  retryBackoffMs?: number;
  onProgress?(progress: PullProgress): void;
}

/** What the Hub's file tree says about one file. */
interface Listed {
  size: number;
  /** LFS files: the content's sha256. */
  sha256?: string;
  /** Git blob id (sha1 of `blob <size>\0<content>`): the content hash of non-LFS files. */
  gitOid?: string;
}

/** Answers worth another attempt (the Hub's CDN has bad moments); a plain 500 is not retried. */
const TRANSIENT = new Set([429, 502, 503, 504]);

/** Files transformers.js cannot do without; anything else it reads is optional (e.g. generation_config.json). */
const REQUIRED = /^(config\.json|tokenizer\.json|tokenizer_config\.json|preprocessor_config\.json|onnx\/.*)$/;

/**
 * Downloads every file transformers.js reads for each target's tasks on CPU fp32 (its own
 * `ModelRegistry.get_pipeline_files`) into `<root>/<id>/`, the layout of both transformers.js's
 * file cache and HF_MODELS_DIR. Each file goes to `<file>.part` first, resumes from there after an
 * interruption, is checked against the Hub's listing (size; sha256 for LFS files, git blob id for
 * the rest) and only then renamed into place; config.json comes last. A manifest records what each
 * task reads, so the runtime then loads the checkpoint without any request.
 */
export async function pullModels(targets: PullTarget[], options: PullOptions): Promise<PullResult> {
  const { settings, root, transformers } = options;
  const retry: RetryPolicy = { retries: options.retries ?? 3, backoffMs: options.retryBackoffMs ?? 100 };
  const models: ModelOutcome[] = targets.map((t) => ({ ...t, status: 'failed', files: [], verified: false }));
  const result = (): PullResult => summarise(root, models);
  if (settings.offline) {
    for (const m of models) m.error = `HF_HUB_OFFLINE=1 forbids every request; unset it to pull ${m.id} from ${settings.endpoint}`;
    return result();
  }
  ensureWritableDir(root, options.rootLabel);

  const fetchFn = createHubFetch(settings, { verify: false });
  configureForListing(transformers, settings);
  const progress: PullProgress = { phase: 'list', filesDone: 0, filesTotal: targets.length, bytesDone: 0, bytesTotal: 0 };
  const report = () => options.onProgress?.({ ...progress });

  // 1. What each checkpoint needs, and what the endpoint says about it.
  interface Plan {
    model: ModelOutcome;
    files: Array<{ file: string; listed?: Listed; required: boolean }>;
  }
  const plans: Plan[] = [];
  for (const model of models) {
    progress.current = model.id;
    report();
    try {
      const listing = await listRepo(fetchFn, settings, model.id);
      model.verified = listing !== undefined;
      const needed = new Set<string>();
      for (const task of model.tasks) for (const f of await pipelineFiles(transformers, model.id, task)) needed.add(f);
      // config.json last: in an HF_MODELS_DIR it is what marks a folder as a checkpoint.
      const ordered = [...needed].sort((a, b) => Number(a === 'config.json') - Number(b === 'config.json'));
      plans.push({ model, files: ordered.map((file) => ({ file, listed: listing?.get(file), required: REQUIRED.test(file) })) });
      if (listing) {
        for (const f of plans[plans.length - 1].files) {
          if (!f.listed && f.required) throw new HubError(`${model.id} at ${settings.endpoint} has no ${f.file}, which transformers.js needs for ${model.tasks.join(', ')} on CPU fp32`, 'not-found');
        }
      }
    } catch (error) {
      plans.pop();
      model.error = explain(error, settings, model.id);
    }
    progress.filesDone++;
  }

  // 2. Fetch what is not already there (and intact).
  const sha = new Map<string, Map<string, string>>();
  const work: Array<{ plan: Plan; file: string; listed?: Listed; required: boolean }> = [];
  for (const plan of plans) {
    const dir = modelDir(root, plan.model.id);
    const hashes = new Map<string, string>();
    sha.set(plan.model.id, hashes);
    // Without the endpoint's listing, what an earlier pull recorded (size and sha256) says whether a file is intact.
    const recorded = plan.model.verified ? undefined : readManifest(dir)?.files;
    for (const f of plan.files) {
      if (f.listed === undefined && plan.model.verified) {
        plan.model.files.push({ file: f.file, status: 'absent' });
        continue;
      }
      const dest = path.join(dir, f.file);
      const known = f.listed ?? (recorded?.[f.file]?.sha256 ? { size: recorded[f.file].size, sha256: recorded[f.file].sha256 } : undefined);
      const intact = known && fs.existsSync(dest) ? await checkAgainst(dest, known) : undefined;
      if (intact?.ok) {
        if (intact.sha256) hashes.set(f.file, intact.sha256);
        plan.model.files.push({ file: f.file, status: 'present', bytes: known!.size });
        continue;
      }
      work.push({ plan, ...f });
    }
  }
  Object.assign(progress, { phase: 'download', filesDone: 0, filesTotal: work.length, bytesDone: 0, bytesTotal: work.reduce((n, w) => n + (w.listed?.size ?? 0), 0) });
  report();

  for (const item of work) {
    const { model } = item.plan;
    if (model.error) continue;
    const dest = path.join(modelDir(root, model.id), item.file);
    progress.current = `${model.id}/${item.file}`;
    report();
    const notes: string[] = [];
    if (fs.existsSync(dest)) notes.push('replaced a damaged copy');
    try {
      const url = `${settings.endpoint}/${model.id}/resolve/main/${item.file.split('/').map(encodeURIComponent).join('/')}`;
      const got = await downloadFile(fetchFn, url, dest, item.listed, retry, notes, (n) => {
        progress.bytesDone += n;
        report();
      });
      if (got === 'absent') {
        if (item.required) throw new HubError(`${model.id} at ${settings.endpoint} has no ${item.file} (404), which transformers.js needs for ${model.tasks.join(', ')} on CPU fp32`, 'not-found');
        model.files.push({ file: item.file, status: 'absent' });
      } else {
        sha.get(model.id)!.set(item.file, got.sha256);
        model.files.push({ file: item.file, status: 'fetched', bytes: got.bytes, ...(notes.length ? { notes } : {}) });
      }
    } catch (error) {
      const message = explain(error, settings, model.id);
      model.files.push({ file: item.file, status: 'failed', error: message, ...(notes.length ? { notes } : {}) });
      model.error = message;
    }
    progress.filesDone++;
    report();
  }

  // 3. Record what each task reads.
  for (const plan of plans) {
    const { model } = plan;
    if (model.error) continue;
    const dir = modelDir(root, model.id);
    for (const task of model.tasks) {
      const files = await pipelineFiles(transformers, model.id, task);
      recordPipeline(dir, model.id, settings.endpoint, task, files, sha.get(model.id));
    }
    model.status = model.files.some((f) => f.status === 'fetched') ? 'fetched' : 'present';
  }
  return result();
}

/** transformers.js only lists files here (config.json, Range probes): no cache, no local lookup. */
function configureForListing(transformers: TransformersModule, settings: HubSettings): void {
  const { env } = transformers;
  env.remoteHost = `${settings.endpoint}/`;
  env.remotePathTemplate = '{model}/resolve/{revision}/';
  env.allowRemoteModels = true;
  env.allowLocalModels = false;
  env.useFSCache = false;
  env.useBrowserCache = false;
  env.useCustomCache = false;
  env.fetch = createHubFetch(settings);
}

/**
 * The Hub's file tree (`/api/models/<id>/tree/main?recursive=true`, following `Link: rel="next"`
 * pages): sizes, LFS sha256 and git blob ids. A mirror without the API gives undefined (files are
 * then checked against their announced length only); a missing repository shows up as the 404 of
 * its config.json.
 */
async function listRepo(fetchFn: FetchLike, settings: HubSettings, id: string): Promise<Map<string, Listed> | undefined> {
  const listed = new Map<string, Listed>();
  let url: string | undefined = `${settings.endpoint}/api/models/${id}/tree/main?recursive=true`;
  for (let page = 0; url && page < 100; page++) {
    const res = await fetchFn(url);
    if (res.status === 404) {
      await res.body?.cancel().catch(() => {});
      return undefined;
    }
    if (res.status !== 200) throw new HubError(`${settings.endpoint} answered ${res.status} for the file list of ${id}`, 'server');
    let entries: Array<{ type?: string; path?: string; size?: number; oid?: string; lfs?: { oid?: string; sha256?: string; size?: number } }>;
    try {
      entries = (await res.json()) as typeof entries;
    } catch (error) {
      throw new HubError(`${settings.endpoint} sent a file list for ${id} that is not JSON: ${(error as Error).message}`, 'server');
    }
    if (!Array.isArray(entries)) throw new HubError(`${settings.endpoint} sent a file list for ${id} that is not a list`, 'server');
    for (const e of entries) {
      if (e.type !== 'file' || typeof e.path !== 'string') continue;
      const sha256 = e.lfs?.sha256 ?? e.lfs?.oid;
      listed.set(e.path, {
        size: e.lfs?.size ?? e.size ?? 0,
        ...(e.lfs && sha256 ? { sha256 } : {}),
        ...(!e.lfs && e.oid ? { gitOid: e.oid } : {}),
      });
    }
    const next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    url = next ? new URL(next, url).href : undefined;
  }
  return listed;
}

interface RetryPolicy {
  retries: number;
  backoffMs: number;
}

/**
 * Fetches one file into `<dest>.part`, resuming from what an earlier attempt left, and renames it
 * into place only once it matches the listing. Cut-short and dropped downloads are retried
 * (resuming); a checksum mismatch is retried once from scratch, then fails, leaving nothing.
 */
async function downloadFile(
  fetchFn: FetchLike,
  url: string,
  dest: string,
  listed: Listed | undefined,
  { retries, backoffMs }: RetryPolicy,
  notes: string[],
  onBytes: (n: number) => void,
): Promise<{ bytes: number; sha256: string } | 'absent'> {
  const part = `${dest}.part`;
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  let mismatches = 0;
  for (let attempt = 0; ; attempt++) {
    let offset = sizeOf(part);
    if (listed && offset > listed.size) {
      fs.rmSync(part, { force: true });
      offset = 0;
    }
    if (offset > 0 && (!listed || offset < listed.size)) notes.push(`resumed at byte ${offset}`);
    let announced: number | undefined;
    if (!listed || offset < listed.size) {
      try {
        const res = await fetchFn(url, offset > 0 ? { headers: { range: `bytes=${offset}-` } } : {});
        if (res.status === 404) {
          await res.body?.cancel().catch(() => {});
          return 'absent';
        }
        if (res.status === 416) {
          await res.body?.cancel().catch(() => {});
          fs.rmSync(part, { force: true });
          if (attempt < retries) continue;
          throw new HubError(`${url} refused the range of a partial download twice`, 'server');
        }
        if (res.status !== 200 && res.status !== 206) throw new HubError(`${url} answered ${res.status}`, 'server');
        if (res.status === 200 && offset > 0) {
          // The server ignored the Range: start over.
          onBytes(-offset);
          offset = 0;
        }
        const length = Number(res.headers.get('content-length'));
        if (Number.isInteger(length) && length >= 0 && !res.headers.get('content-encoding')) announced = offset + length;
        await appendBody(res, part, offset, onBytes);
      } catch (error) {
        const code = isHubError(error) ? error.code : undefined;
        const transient = code === 'network' || code === 'truncated' || (code === 'server' && TRANSIENT.has((error as HubError).status ?? 0));
        if (transient && attempt < retries) {
          notes.push(`retried after: ${(error as Error).message}`);
          await new Promise((resolve) => setTimeout(resolve, backoffMs * (attempt + 1)));
          continue;
        }
        throw error;
      }
    }
    // Complete? Check against the listing (or the announced length), then move into place.
    const size = sizeOf(part);
    const wantSize = listed?.size ?? announced;
    if (wantSize !== undefined && size < wantSize) {
      if (attempt < retries) {
        notes.push(`retried after a cut-short download (${size} of ${wantSize} bytes)`);
        continue;
      }
      throw new HubError(`the download of ${url} stopped at ${size} of ${wantSize} bytes after ${retries + 1} attempts; run again to resume`, 'truncated');
    }
    const check = listed ? await checkAgainst(part, listed) : { ok: wantSize === undefined || size === wantSize, sha256: await hashFile(part), why: `${size} bytes, ${wantSize} announced` };
    if (!check.ok) {
      fs.rmSync(part, { force: true });
      onBytes(-size);
      if (++mismatches < 2 && attempt < retries) {
        notes.push(`fetched again after a mismatch (${check.why})`);
        continue;
      }
      throw new HubError(`the download of ${url} does not match the Hub's listing: ${check.why}`, 'checksum');
    }
    fs.renameSync(part, dest);
    return { bytes: size, sha256: check.sha256 ?? (await hashFile(dest)) };
  }
}

async function appendBody(res: Response, part: string, offset: number, onBytes: (n: number) => void): Promise<void> {
  const fd = fs.openSync(part, offset > 0 ? 'a' : 'w');
  try {
    if (!res.body) return;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      fs.writeSync(fd, value);
      onBytes(value.length);
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Size, then the content hash the listing gives (sha256 for LFS, git blob id otherwise). */
async function checkAgainst(file: string, listed: Listed): Promise<{ ok: boolean; sha256?: string; why?: string }> {
  const size = sizeOf(file);
  if (size !== listed.size) return { ok: false, why: `${size} bytes, ${listed.size} listed` };
  const sha256 = await hashFile(file);
  if (listed.sha256 && sha256 !== listed.sha256) return { ok: false, sha256, why: `sha256 ${sha256}, the Hub lists ${listed.sha256}` };
  if (!listed.sha256 && listed.gitOid) {
    const oid = await hashFile(file, 'sha1', `blob ${size}\0`);
    if (oid !== listed.gitOid) return { ok: false, sha256, why: `git blob id ${oid}, the Hub lists ${listed.gitOid}` };
  }
  return { ok: true, sha256 };
}

function hashFile(file: string, algorithm = 'sha256', prefix = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash(algorithm).update(prefix);
    fs.createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function explain(error: unknown, settings: HubSettings, id: string): string {
  return explainHubError(error, { id, settings, cached: false });
}

function summarise(root: string, models: ModelOutcome[]): PullResult {
  const files = models.flatMap((m) => m.files);
  const count = (s: FileStatus) => files.filter((f) => f.status === s).length;
  return {
    root,
    models,
    totals: {
      fetched: count('fetched'),
      present: count('present'),
      failed: count('failed') + models.filter((m) => m.error && !m.files.some((f) => f.status === 'failed')).length,
      absent: count('absent'),
      bytes: files.filter((f) => f.status === 'fetched').reduce((n, f) => n + (f.bytes ?? 0), 0),
      models: {
        fetched: models.filter((m) => !m.error && m.status === 'fetched').length,
        present: models.filter((m) => !m.error && m.status === 'present').length,
        failed: models.filter((m) => m.error).length,
      },
    },
  };
}
