import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { createHubFetch, DEFAULT_ENDPOINT, defaultCacheDir, hubSettings, parseEndpoint } from '../../src/runtime/hub';

describe('Hub settings from the environment', () => {
  test('defaults: huggingface.co, a cache under node_modules/.cache/hf-convert, online, no token', () => {
    expect(hubSettings({}, '/repo')).toEqual({ endpoint: DEFAULT_ENDPOINT, cacheDir: path.resolve('/repo/node_modules/.cache/hf-convert/hub'), offline: false, token: undefined, timeoutMs: 30_000 });
    expect(defaultCacheDir('/repo')).toBe(path.resolve('/repo/node_modules/.cache/hf-convert/hub'));
  });

  test('HF_ENDPOINT, HF_CACHE_DIR, HF_HUB_OFFLINE, HF_TOKEN (or HF_ACCESS_TOKEN), HF_HUB_DOWNLOAD_TIMEOUT', () => {
    const s = hubSettings({ HF_ENDPOINT: 'http://127.0.0.1:8080/', HF_CACHE_DIR: 'cache', HF_HUB_OFFLINE: 'TRUE', HF_TOKEN: ' hf_abc ', HF_HUB_DOWNLOAD_TIMEOUT: '2.5' }, '/repo');
    expect(s).toEqual({ endpoint: 'http://127.0.0.1:8080', cacheDir: path.resolve('/repo/cache'), offline: true, token: 'hf_abc', timeoutMs: 2500 });
    expect(hubSettings({ HF_ACCESS_TOKEN: 'hf_old', HF_HUB_OFFLINE: '0' }).token).toBe('hf_old');
    expect(hubSettings({ HF_HUB_OFFLINE: '0' }).offline).toBe(false);
  });

  test('a mirror under a path keeps the path', () => {
    expect(parseEndpoint('https://mirror.example/hf/')).toBe('https://mirror.example/hf');
  });

  test.each([
    ['localhost:8080', 'is not an http(s) URL'],
    ['huggingface.co', 'is not an http(s) URL'],
    ['ftp://mirror', 'is not an http(s) URL'],
    ['http://', 'is not an http(s) URL'],
    ['https://user:pw@mirror', 'without query, fragment or credentials'],
    ['https://mirror/?x=1', 'without query, fragment or credentials'],
  ])('a malformed HF_ENDPOINT %j is a clear error', (value, message) => {
    expect(() => hubSettings({ HF_ENDPOINT: value })).toThrow(`HF_ENDPOINT=${JSON.stringify(value)} `);
    expect(() => hubSettings({ HF_ENDPOINT: value })).toThrow(message);
  });

  test('bad HF_HUB_OFFLINE and HF_HUB_DOWNLOAD_TIMEOUT values are clear errors', () => {
    expect(() => hubSettings({ HF_HUB_OFFLINE: 'maybe' })).toThrow('HF_HUB_OFFLINE="maybe" is not a yes/no value');
    expect(() => hubSettings({ HF_HUB_DOWNLOAD_TIMEOUT: 'soon' })).toThrow('HF_HUB_DOWNLOAD_TIMEOUT="soon" is not a number of seconds');
  });
});

describe('the hub fetch', () => {
  const servers: http.Server[] = [];
  const seen: Array<{ server: string; authorization?: string }> = [];
  async function listen(name: string, handler: http.RequestListener): Promise<string> {
    const server = http.createServer((req, res) => {
      seen.push({ server: name, authorization: req.headers.authorization });
      handler(req, res);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  afterAll(() => servers.forEach((s) => s.close()));

  test('HF_TOKEN goes to the endpoint only, never across a redirect to another origin', async () => {
    const cdn = await listen('cdn', (_req, res) => res.end('weights'));
    const hub = await listen('hub', (_req, res) => {
      res.writeHead(302, { location: `${cdn}/blob` });
      res.end();
    });
    const fetchFn = createHubFetch(hubSettings({ HF_ENDPOINT: hub, HF_TOKEN: 'hf_secret' }));
    const res = await fetchFn(`${hub}/org/model/resolve/main/onnx/model.onnx`);
    expect(await res.text()).toBe('weights');
    expect(seen).toEqual([{ server: 'hub', authorization: 'Bearer hf_secret' }, { server: 'cdn', authorization: undefined }]);
  });

  test('a request that gets no answer is abandoned after HF_HUB_DOWNLOAD_TIMEOUT', async () => {
    const silent = await listen('silent', () => {});
    const fetchFn = createHubFetch(hubSettings({ HF_ENDPOINT: silent, HF_HUB_DOWNLOAD_TIMEOUT: '0.2' }));
    await expect(fetchFn(`${silent}/org/model/resolve/main/config.json`)).rejects.toThrow(`no answer from ${silent} within 0.2 s for config.json of org/model (HF_HUB_DOWNLOAD_TIMEOUT)`);
  });

  test('HF_HUB_OFFLINE=1 refuses before any request', async () => {
    const before = seen.length;
    const fetchFn = createHubFetch(hubSettings({ HF_ENDPOINT: 'http://127.0.0.1:9', HF_HUB_OFFLINE: '1' }));
    await expect(fetchFn('http://127.0.0.1:9/org/model/resolve/main/config.json')).rejects.toThrow('HF_HUB_OFFLINE=1 forbids every request: not fetching config.json of org/model');
    expect(seen.length).toBe(before);
  });
});
