import * as path from 'node:path';
import { HubError } from './errors';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';
/** Seconds without a byte (or without response headers) before a request is abandoned. */
const DEFAULT_TIMEOUT_S = 30;

/** The Hub conventions read from the environment (the names huggingface_hub uses). */
export interface HubSettings {
  /** `HF_ENDPOINT` without a trailing slash: the Hub, a mirror or a local server. */
  endpoint: string;
  /** `HF_CACHE_DIR`: where downloads are kept, `<cacheDir>/<org>/<name>/<file>`. */
  cacheDir: string;
  /** `HF_HUB_OFFLINE=1`: no request at all, cached files only. */
  offline: boolean;
  /** `HF_TOKEN` (or transformers.js's `HF_ACCESS_TOKEN`), for gated and private checkpoints. */
  token?: string;
  /** `HF_HUB_DOWNLOAD_TIMEOUT` in milliseconds. */
  timeoutMs: number;
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['', '0', 'false', 'no', 'off']);

/** Where Hub downloads go by default: git-ignored, beside the tiny models. */
export function defaultCacheDir(cwd = process.cwd()): string {
  return path.resolve(cwd, 'node_modules', '.cache', 'hf-convert', 'hub');
}

/** Reads and validates the Hub settings; a malformed value is a `config` HubError naming the variable. */
export function hubSettings(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): HubSettings {
  const offlineValue = (env.HF_HUB_OFFLINE ?? '').trim().toLowerCase();
  if (!TRUE.has(offlineValue) && !FALSE.has(offlineValue)) {
    throw new HubError(`HF_HUB_OFFLINE=${JSON.stringify(env.HF_HUB_OFFLINE)} is not a yes/no value (use 1 or 0)`, 'config');
  }
  const timeoutValue = env.HF_HUB_DOWNLOAD_TIMEOUT?.trim();
  const timeoutS = timeoutValue ? Number(timeoutValue) : DEFAULT_TIMEOUT_S;
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) {
    throw new HubError(`HF_HUB_DOWNLOAD_TIMEOUT=${JSON.stringify(timeoutValue)} is not a number of seconds`, 'config');
  }
  const token = (env.HF_TOKEN ?? env.HF_ACCESS_TOKEN ?? '').trim();
  return {
    endpoint: parseEndpoint(env.HF_ENDPOINT),
    cacheDir: env.HF_CACHE_DIR?.trim() ? path.resolve(cwd, env.HF_CACHE_DIR.trim()) : defaultCacheDir(cwd),
    offline: TRUE.has(offlineValue),
    token: token || undefined,
    timeoutMs: timeoutS * 1000,
  };
}

/** `https://huggingface.co`, `http://127.0.0.1:8080`, `https://mirror.example/hf`: an http(s) URL, no query. */
export function parseEndpoint(value: string | undefined): string {
  const raw = value?.trim();
  if (!raw) return DEFAULT_ENDPOINT;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  const example = '(e.g. https://huggingface.co or http://127.0.0.1:8080)';
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw new HubError(`HF_ENDPOINT=${JSON.stringify(value)} is not an http(s) URL ${example}`, 'config');
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new HubError(`HF_ENDPOINT=${JSON.stringify(value)} must be a plain http(s) URL without query, fragment or credentials ${example}; put a token in HF_TOKEN`, 'config');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
