import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Transformers from '@huggingface/transformers' with { 'resolution-mode': 'import' };
import { cachedPipeline, ensureWritableDir, MANIFEST_NAME, modelDir, readManifest, recordPipeline, verifyCachedFiles } from './cache';
import { HubError, isHubError } from './errors';
import { createHubFetch, resolveUrlParts } from './http';
import { hubSettings, type HubSettings } from './settings';

type TransformersModule = typeof Transformers;

/** A checkpoint on the Hub (or a mirror), read through transformers.js's own download path and cache. */
export interface HubSource {
  /** The ONNX checkpoint (`spec.onnxModelId`). */
  id: string;
  settings?: HubSettings;
  /** A malformed setting: the suite fails with it when it loads. */
  settingsError?: string;
  /** Every file the task reads is in the cache already: the load makes no request. */
  cached: boolean;
}

/** The registration-time view (synchronous: which source and id the suite title names). */
export function hubSourceFor(id: string, task: string, env: NodeJS.ProcessEnv = process.env): { hub: HubSource; description: string } {
  let settings: HubSettings;
  try {
    settings = hubSettings(env);
  } catch (error) {
    const message = (error as Error).message;
    return { hub: { id, settingsError: message, cached: false }, description: `Hub checkpoint ${id} (bad Hub settings)` };
  }
  const cached = cachedPipeline(modelDir(settings.cacheDir, id), task) !== undefined;
  const description = cached
    ? `Hub checkpoint ${id} (cached in ${settings.cacheDir})`
    : settings.offline
      ? `Hub checkpoint ${id} (HF_HUB_OFFLINE=1, not cached)`
      : `Hub checkpoint ${id} from ${settings.endpoint}`;
  return { hub: { id, settings, cached }, description };
}

/**
 * Before loading: settings valid; a cached pipeline's files intact; offline only with everything
 * cached; otherwise a writable cache folder and no damaged file already in it.
 */
export function prepareHubSource(hub: HubSource, task: string): { hub: HubSource; dir: string; settings: HubSettings } {
  if (hub.settingsError || !hub.settings) throw new HubError(hub.settingsError ?? 'no Hub settings', 'config');
  const { settings } = hub;
  const dir = modelDir(settings.cacheDir, hub.id);
  const cached = cachedPipeline(dir, task);
  if (cached) {
    verifyCachedFiles(dir, cached.files, cached.manifest, '');
    return { hub: { ...hub, cached: true }, dir, settings };
  }
  if (settings.offline) {
    throw new HubError(
      `HF_HUB_OFFLINE=1 and ${hub.id} (${task}) is not in the cache ${settings.cacheDir} (HF_CACHE_DIR); ` +
        `fetch it once with \`hf-convert models pull\` while online, or unset HF_HUB_OFFLINE`,
      'offline',
    );
  }
  ensureWritableDir(settings.cacheDir, 'HF_CACHE_DIR');
  if (fs.existsSync(dir)) verifyCachedFiles(dir, listCachedFiles(dir), readManifest(dir), '');
  return { hub: { ...hub, cached: false }, dir, settings };
}

export interface HubLoadSession {
  /** Files of this checkpoint downloaded during the load, with their sha256. */
  downloads: Map<string, string>;
}

/**
 * Points transformers.js at the endpoint and the cache: `env.remoteHost` and
 * `env.remotePathTemplate` in the Hub's layout, `env.cacheDir`, and `env.fetch` (token, offline,
 * timeouts, verified bodies). A cached pipeline loads as a local model from the cache folder.
 */
export function configureHubLoad(transformers: TransformersModule, hub: HubSource, settings: HubSettings): HubLoadSession {
  const { env } = transformers;
  const downloads = new Map<string, string>();
  env.remoteHost = `${settings.endpoint}/`;
  env.remotePathTemplate = '{model}/resolve/{revision}/';
  env.cacheDir = settings.cacheDir;
  env.useFSCache = true;
  env.useBrowserCache = false;
  env.useCustomCache = false;
  env.fetch = createHubFetch(settings, {
    onDownload: (record) => {
      if (record.id === hub.id && record.file) downloads.set(record.file, record.sha256);
    },
  });
  env.allowRemoteModels = !hub.cached;
  env.allowLocalModels = hub.cached;
  if (hub.cached) env.localModelPath = `${settings.cacheDir}/`;
  return { downloads };
}

/** The files transformers.js reads for a task on CPU fp32 (its own answer: `ModelRegistry.get_pipeline_files`). */
export async function pipelineFiles(transformers: TransformersModule, id: string, task: string, device = 'cpu'): Promise<string[]> {
  const registry = (transformers as unknown as { ModelRegistry: { get_pipeline_files(task: string, id: string, o: object): Promise<string[]> } }).ModelRegistry;
  return [...new Set(await registry.get_pipeline_files(task, id, { device, dtype: 'fp32' }))];
}

/** After a load that downloaded: record what the task reads, so the next run makes no request. */
export async function recordHubLoad(transformers: TransformersModule, hub: HubSource, settings: HubSettings, session: HubLoadSession, task: string, device: string): Promise<void> {
  if (hub.cached) return;
  // Memoised by transformers.js from the load itself: no further request.
  const files = await pipelineFiles(transformers, hub.id, task, device);
  recordPipeline(modelDir(settings.cacheDir, hub.id), hub.id, settings.endpoint, task, files, session.downloads);
}

/** One sentence for a failed Hub load: a HubError as it is, a transformers.js 404 naming id, file and endpoint. */
export function explainHubError(error: unknown, hub: HubSource): string {
  if (isHubError(error)) return error.message;
  const e = error as { name?: string; status?: number; message?: string };
  const message = e?.message ?? String(error);
  if (e?.name === 'ModelFileNotFoundError' || /Could not locate file/.test(message)) {
    const url = /"(https?:[^"]+)"/.exec(message)?.[1];
    const parts = url && hub.settings ? resolveUrlParts(hub.settings, url) : undefined;
    const endpoint = hub.settings?.endpoint ?? 'the endpoint';
    if (parts) {
      return parts.file === 'config.json'
        ? `${endpoint} has no ${hub.id} (404 for ${parts.file}): check the id (spec.onnxModelId) and that ${endpoint} serves it`
        : `${hub.id} at ${endpoint} has no ${parts.file} (404), which transformers.js needs for this task on CPU fp32`;
    }
  }
  return message;
}

/** Files (not temp files or the manifest) under a cached model folder. */
function listCachedFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(d, entry.name), rel);
      else if (entry.name !== MANIFEST_NAME && !/\.(tmp|part)(\.|$)|\.tmp\.\d+\./.test(entry.name)) out.push(rel);
    }
  };
  walk(dir, '');
  return out;
}
