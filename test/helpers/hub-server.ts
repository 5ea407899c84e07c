import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

/**
 * A Hub-layout HTTP server on 127.0.0.1 for offline tests: `/<org>/<name>/resolve/main/<file>`
 * (LFS files, i.e. `*.onnx*`, answer with a 302 to `/lfs/<sha256>` carrying `X-Linked-Etag` and
 * `X-Linked-Size`, as huggingface.co does), Range requests, and the API route `models pull`
 * lists files and checksums with: `/api/models/<id>/tree/main?recursive=true`.
 * Faults can be set per file; every request is logged. The server stops itself after `lifetimeMs`.
 */
export type Fault =
  | { status: number }
  /** Destroy the socket before answering. */
  | { drop: true }
  /** Announce the full length, send this many bytes, then destroy the socket. */
  | { truncateAt: number }
  /** Serve these bytes instead (the listing keeps the real file's size and sha256). */
  | { body: Buffer };

export interface LoggedRequest {
  method: string;
  url: string;
  range?: string;
  authorization?: string;
}

export interface HubServer {
  url: string;
  port: number;
  requests: LoggedRequest[];
  /** Adds (or replaces) a repository from a folder on disk or a map of files. */
  addRepo(id: string, files: string | Record<string, Buffer | string>): void;
  /** Sets a fault for one file of one repo; `times` limits how many requests it hits (default: all). */
  fault(id: string, file: string, fault: Fault, times?: number): void;
  clearFaults(): void;
  /** Requests for this repo need `Authorization: Bearer <token>` (401 without, 403 with another). */
  requireToken(id: string, token: string): void;
  /** Answer the file-tree API with 404 for this repo, as a plain mirror without the API does. */
  hideListing(id: string): void;
  close(): Promise<void>;
}

const isLfs = (file: string) => /\.onnx(_data)?$/.test(file);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const gitOid = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

function readTree(dir: string, prefix = '', out: Record<string, Buffer> = {}): Record<string, Buffer> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) readTree(path.join(dir, entry.name), rel, out);
    else out[rel] = fs.readFileSync(path.join(dir, entry.name));
  }
  return out;
}

export async function startHubServer(options: { lifetimeMs?: number } = {}): Promise<HubServer> {
  const repos = new Map<string, Map<string, Buffer>>();
  const faults = new Map<string, { fault: Fault; left: number }>();
  const tokens = new Map<string, string>();
  const unlisted = new Set<string>();
  const requests: LoggedRequest[] = [];
  const blobs = new Map<string, Buffer>();

  const send = (res: http.ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  };

  const serveBytes = (req: http.IncomingMessage, res: http.ServerResponse, bytes: Buffer, headers: Record<string, string>, fault?: Fault) => {
    if (fault && 'truncateAt' in fault) {
      res.writeHead(200, { 'content-length': String(bytes.length), ...headers });
      res.write(bytes.subarray(0, fault.truncateAt), () => setTimeout(() => res.socket?.destroy(), 10));
      return;
    }
    const body = fault && 'body' in fault ? fault.body : bytes;
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
      if (start >= body.length) return send(res, 416, '', { 'content-range': `bytes */${body.length}` });
      const part = body.subarray(start, end + 1);
      res.writeHead(206, { 'content-length': String(part.length), 'content-range': `bytes ${start}-${end}/${body.length}`, 'accept-ranges': 'bytes', ...headers });
      return res.end(req.method === 'HEAD' ? undefined : part);
    }
    res.writeHead(200, { 'content-length': String(body.length), 'accept-ranges': 'bytes', ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const takeFault = (id: string, file: string): Fault | undefined => {
    const entry = faults.get(`${id}\0${file}`);
    if (!entry || entry.left <= 0) return undefined;
    entry.left--;
    return entry.fault;
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? 'GET', url: url.pathname + url.search, range: req.headers.range, authorization: req.headers.authorization });
    const pathname = decodeURIComponent(url.pathname);

    const lfs = /^\/lfs\/([0-9a-f]{64})$/.exec(pathname);
    if (lfs) {
      const blob = blobs.get(lfs[1]);
      if (!blob) return send(res, 404, 'no such blob');
      // Faults on LFS files apply to the blob request the redirect leads to.
      const fault = takeFault(url.searchParams.get('repo') ?? '', url.searchParams.get('file') ?? '');
      if (fault && 'status' in fault) return send(res, fault.status, `fault ${fault.status}`);
      if (fault && 'drop' in fault) return req.socket.destroy();
      return serveBytes(req, res, blob, { 'content-type': 'application/octet-stream', etag: `"${lfs[1]}"` }, fault);
    }
    const api = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/([^/]+)\/?$/.exec(pathname);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(pathname);
    const id = api?.[1] ?? resolve?.[1];
    if (!id) return send(res, 404, JSON.stringify({ error: 'Not found' }), { 'content-type': 'application/json' });
    const token = tokens.get(id);
    if (token !== undefined) {
      const auth = req.headers.authorization;
      if (!auth) return send(res, 401, JSON.stringify({ error: 'Invalid credentials in Authorization header' }), { 'x-error-code': 'GatedRepo' });
      if (auth !== `Bearer ${token}`) return send(res, 403, JSON.stringify({ error: 'Access to this model is restricted' }), { 'x-error-code': 'GatedRepo' });
    }
    const repo = repos.get(id);
    if (!repo) return send(res, 404, JSON.stringify({ error: 'Repository not found' }), { 'x-error-code': 'RepoNotFound' });

    if (api && unlisted.has(id)) return send(res, 404, JSON.stringify({ error: 'Not found' }), { 'content-type': 'application/json' });
    if (api) {
      const fault = takeFault(id, '<api>');
      if (fault && 'status' in fault) return send(res, fault.status, 'fault');
      if (fault && 'drop' in fault) return req.socket.destroy();
      const entries = [...repo.entries()].map(([file, bytes]) => ({
        type: 'file',
        oid: gitOid(bytes),
        size: bytes.length,
        path: file,
        ...(isLfs(file) ? { lfs: { oid: sha256(bytes), size: bytes.length, pointerSize: 134 } } : {}),
      }));
      return send(res, 200, JSON.stringify(entries), { 'content-type': 'application/json' });
    }

    const file = resolve![3];
    const bytes = repo.get(file);
    if (isLfs(file) && bytes) {
      const sha = sha256(bytes);
      blobs.set(sha, bytes);
      const location = `/lfs/${sha}?repo=${encodeURIComponent(id)}&file=${encodeURIComponent(file)}`;
      res.writeHead(302, { location, 'x-linked-etag': `"${sha}"`, 'x-linked-size': String(bytes.length), etag: `"${gitOid(bytes)}"`, 'content-length': '0' });
      return res.end();
    }
    const fault = takeFault(id, file);
    if (fault && 'status' in fault) return send(res, fault.status, `fault ${fault.status}`);
    if (fault && 'drop' in fault) return req.socket.destroy();
    if (!bytes) return send(res, 404, 'Entry not found', { 'x-error-code': 'EntryNotFound' });
    return serveBytes(req, res, bytes, { 'content-type': file.endsWith('.json') ? 'application/json' : 'text/plain', etag: `"${gitOid(bytes)}"` }, fault);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let closed = false;
  const close = () =>
    new Promise<void>((resolve) => {
      if (closed) return resolve();
      closed = true;
      clearTimeout(timer);
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const timer = setTimeout(() => void close(), options.lifetimeMs ?? 120_000);
  timer.unref();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    addRepo(id, files) {
      const map = typeof files === 'string' ? readTree(files) : Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)]));
      repos.set(id, new Map(Object.entries(map).filter(([file]) => !file.startsWith('.'))));
    },
    fault(id, file, fault, times = Infinity) {
      faults.set(`${id}\0${file}`, { fault, left: times });
    },
    clearFaults: () => faults.clear(),
    requireToken: (id, token) => void tokens.set(id, token),
    hideListing: (id) => void unlisted.add(id),
    close,
  };
}
