import { createHash } from 'node:crypto';
import { HubError } from './errors';
import type { HubSettings } from './settings';

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** A complete body read through the hub fetch, with what it hashed to. */
export interface DownloadRecord {
  url: string;
  /** `<org>/<name>` and the file inside it, when the URL is a resolve URL of the endpoint. */
  id?: string;
  file?: string;
  bytes: number;
  sha256: string;
}

export interface HubFetchOptions {
  /**
   * Check every full body against its announced length and, for LFS files, against the sha256
   * the Hub names in `X-Linked-Etag` (default true). A body that fails errors its stream, so a
   * cache writing it discards the partial file.
   */
  verify?: boolean;
  onDownload?(record: DownloadRecord): void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;

/** `{ id, file }` of `<endpoint>/<org>/<name>/resolve/<revision>/<file>`. */
export function resolveUrlParts(settings: HubSettings, url: string): { id: string; file: string } | undefined {
  if (!url.startsWith(`${settings.endpoint}/`)) return undefined;
  const m = /^([^/]+\/[^/]+)\/resolve\/[^/]+\/(.+)$/.exec(decodeURIComponent(url.slice(settings.endpoint.length + 1).split('?')[0]));
  return m ? { id: m[1], file: m[2] } : undefined;
}

/** `<org>/<name>` of `<endpoint>/api/models/<org>/<name>/…`. */
function apiRepo(settings: HubSettings, url: string): string | undefined {
  if (!url.startsWith(`${settings.endpoint}/api/models/`)) return undefined;
  return /^([^/]+\/[^/?]+)/.exec(decodeURIComponent(url.slice(settings.endpoint.length + '/api/models/'.length)))?.[1];
}

/** "onnx/model.onnx of Xenova/bert-base-uncased", "the file list of …", or the URL itself. */
export function describeRequest(settings: HubSettings, url: string): string {
  const parts = resolveUrlParts(settings, url);
  if (parts) return `${parts.file} of ${parts.id}`;
  const repo = apiRepo(settings, url);
  return repo ? `the file list of ${repo}` : url;
}

/**
 * The fetch transformers.js and `models pull` use (as `env.fetch`): HF_HUB_OFFLINE forbids every
 * request; HF_TOKEN goes to the endpoint's own origin only (never across a redirect to a CDN);
 * requests and bodies are bounded by HF_HUB_DOWNLOAD_TIMEOUT; refused, dropped, cut-short and
 * mismatching downloads, 401/403 and server errors become HubErrors that say what to do. A 404
 * is handed back as it is (transformers.js treats some files as optional).
 */
export function createHubFetch(settings: HubSettings, options: HubFetchOptions = {}): FetchLike {
  const verify = options.verify ?? true;
  const endpointOrigin = new URL(settings.endpoint).origin;
  return async (input, init = {}) => {
    const first = String(input instanceof URL ? input.href : input);
    const what = describeRequest(settings, first);
    if (settings.offline) {
      throw new HubError(`HF_HUB_OFFLINE=1 forbids every request: not fetching ${what} from ${settings.endpoint}`, 'offline');
    }
    const headers = new Headers(init.headers);
    if (settings.token && sameOrigin(first, endpointOrigin) && !headers.has('authorization')) headers.set('authorization', `Bearer ${settings.token}`);

    const controller = new AbortController();
    const callerSignal = init.signal ?? undefined;
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new Error('timeout'));
      }, settings.timeoutMs);
      // A body nobody reads (a Range probe's) must not keep the process alive.
      timer.unref();
    };
    const disarm = () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    };

    let url = first;
    let linkedSha: string | undefined;
    let linkedSize: number | undefined;
    let response: Response;
    arm();
    try {
      for (let hop = 0; ; hop++) {
        response = await globalThis.fetch(url, { ...init, headers, redirect: 'manual', signal: controller.signal });
        const location = response.headers.get('location');
        if (!REDIRECTS.has(response.status) || !location) break;
        // The Hub names an LFS file's sha256 and size on the redirect to its storage.
        const etag = /^(?:W\/)?"?([0-9a-f]{64})"?$/.exec(response.headers.get('x-linked-etag') ?? '');
        if (etag) linkedSha ??= etag[1];
        const size = Number(response.headers.get('x-linked-size'));
        if (Number.isInteger(size) && size >= 0) linkedSize ??= size;
        await response.body?.cancel().catch(() => {});
        if (hop >= MAX_REDIRECTS) throw new HubError(`${settings.endpoint} redirected ${what} more than ${MAX_REDIRECTS} times`, 'server');
        const next = new URL(location, url).href;
        if (!sameOrigin(next, new URL(url).origin)) headers.delete('authorization');
        url = next;
      }
    } catch (error) {
      disarm();
      if (error instanceof HubError) throw error;
      if (callerSignal?.aborted && !timedOut) throw error;
      throw networkError(settings, error, url, what, timedOut);
    }

    const { status } = response;
    if (status === 401 || status === 403) {
      disarm();
      await response.body?.cancel().catch(() => {});
      const id = resolveUrlParts(settings, first)?.id ?? apiRepo(settings, first) ?? first;
      throw new HubError(
        settings.token
          ? `${settings.endpoint} refused ${what} (${status}) with the HF_TOKEN given: that token has no access to ${id} (a gated checkpoint needs its terms accepted on the Hub)`
          : `${settings.endpoint} refused ${what} (${status}): ${id} is gated or private, or does not exist; set HF_TOKEN to a token with access`,
        'unauthorized',
        status,
      );
    }
    if (status >= 500 || status === 429) {
      disarm();
      const text = (await response.text().catch(() => '')).trim().slice(0, 200);
      throw new HubError(`${settings.endpoint} answered ${status}${response.statusText ? ` ${response.statusText}` : ''} for ${what}${text ? `: ${text}` : ''}`, 'server', status);
    }
    if (!response.body || (status !== 200 && status !== 206)) {
      disarm();
      return response;
    }

    // A full, unencoded body is checked against its length and (LFS) the Hub's sha256.
    const announced = response.headers.get('content-length');
    const full = status === 200 && !response.headers.get('content-encoding');
    const expectedBytes = announced !== null && !response.headers.get('content-encoding') ? Number(announced) : full ? linkedSize : undefined;
    const expectedSha = full && verify ? linkedSha : undefined;
    const reader = response.body.getReader();
    const hash = full ? createHash('sha256') : undefined;
    let bytes = 0;
    const fail = (message: string, code: 'truncated' | 'checksum' | 'network') => new HubError(message, code);
    const StreamCtor = response.body.constructor as typeof ReadableStream;
    const body = new StreamCtor<Uint8Array>({
      async pull(controller) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          disarm();
          const total = expectedBytes !== undefined ? ` of ${expectedBytes}` : '';
          controller.error(
            timedOut
              ? fail(`the download of ${what} from ${settings.endpoint} stalled for ${settings.timeoutMs / 1000} s after ${bytes}${total} bytes (HF_HUB_DOWNLOAD_TIMEOUT)`, 'network')
              : fail(`the download of ${what} from ${settings.endpoint} was cut short after ${bytes}${total} bytes: ${causeText(error)}`, 'truncated'),
          );
          return;
        }
        if (chunk.done) {
          disarm();
          if (verify && expectedBytes !== undefined && bytes !== expectedBytes) {
            controller.error(fail(`the download of ${what} from ${settings.endpoint} ended after ${bytes} of ${expectedBytes} bytes`, 'truncated'));
            return;
          }
          const sha256 = hash?.digest('hex');
          if (expectedSha && sha256 !== expectedSha) {
            controller.error(fail(`the download of ${what} from ${settings.endpoint} does not match the Hub's checksum: sha256 ${sha256}, expected ${expectedSha}`, 'checksum'));
            return;
          }
          if (sha256 !== undefined) options.onDownload?.({ url: first, ...resolveUrlParts(settings, first), bytes, sha256 });
          controller.close();
          return;
        }
        bytes += chunk.value.length;
        hash?.update(chunk.value);
        arm();
        controller.enqueue(chunk.value);
      },
      cancel(reason) {
        disarm();
        return reader.cancel(reason);
      },
    });
    const ResponseCtor = response.constructor as typeof Response;
    return new ResponseCtor(body, { status, statusText: response.statusText, headers: response.headers });
  };
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

function causeText(error: unknown): string {
  const e = error as { message?: string; cause?: { message?: string; code?: string } };
  const cause = e?.cause;
  if (cause?.message) return cause.code && !cause.message.includes(cause.code) ? `${cause.message} (${cause.code})` : cause.message;
  return e?.message ?? String(error);
}

function networkError(settings: HubSettings, error: unknown, url: string, what: string, timedOut: boolean): HubError {
  const origin = new URL(url).origin;
  if (timedOut) return new HubError(`no answer from ${origin} within ${settings.timeoutMs / 1000} s for ${what} (HF_HUB_DOWNLOAD_TIMEOUT)`, 'network');
  const code = (error as { cause?: { code?: string } })?.cause?.code ?? (error as { code?: string })?.code;
  const cause = causeText(error);
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE') {
    return new HubError(`the connection to ${origin} dropped while requesting ${what}: ${cause}`, 'network');
  }
  return new HubError(
    `cannot reach ${origin}${origin === new URL(settings.endpoint).origin ? ' (HF_ENDPOINT)' : ''} for ${what}: ${cause}. Check HF_ENDPOINT and the network, or set HF_HUB_OFFLINE=1 to use cached files only`,
    'network',
  );
}
