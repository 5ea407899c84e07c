/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPipeline } from '../../src/runtime/describe-model';
import { chooseModelSourceSync, materialise, type ModelSource } from '../../src/runtime/source';
import { MANIFEST_NAME } from '../../src/runtime/hub';
import { buildTinyModel } from '../../src/runtime/tiny';
import type { ModelSpec } from '../../src/runtime/spec';
import { startHubServer, type HubServer } from '../helpers/hub-server';

jest.setTimeout(30_000);

/**
 * The Hub path of the runtime against a local Hub-layout server: transformers.js downloads through
 * its own fetch path into HF_CACHE_DIR, later runs and HF_HUB_OFFLINE=1 make no request, and every
 * failure (unknown id, 500, dropped connection, cut-short file, bad settings, damaged cache) says
 * what failed and where.
 */
let server: HubServer;
let root: string;
let tinyDir: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-load-'));
  tinyDir = (await buildTinyModel({ modelType: 'bert', task: 'fill-mask', cacheDir: path.join(root, 'tiny') })).dir;
  server = await startHubServer({ lifetimeMs: 60_000 });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(root, { recursive: true, force: true });
});

let counter = 0;
/** A fresh id served from the tiny bert (transformers.js memoises configs per id within a process). */
function serve(name = `bert-${++counter}`): string {
  const id = `Xenova/${name}`;
  server.addRepo(id, tinyDir);
  return id;
}

/** A suite's spec; `undefined` stands for a suite generated before specs named their ONNX checkpoint. */
function spec(onnxModelId: string | null | undefined): ModelSpec {
  const s: ModelSpec = {
    modelType: 'bert', modelId: 'google-bert/bert-base-uncased', onnxModelId: onnxModelId as string | null, task: 'fill-mask', category: 'text',
    transformersJs: { supported: true, pipelineTasks: ['fill-mask'] },
    inputs: { texts: [], maskedTexts: [], candidateLabels: [], questions: [], images: [], audio: [] },
    expected: [], sources: [{ file: 'test_hf_bert.py' }], warnings: [],
  };
  if (onnxModelId === undefined) delete (s as Partial<ModelSpec>).onnxModelId;
  return s;
}

function envFor(cacheDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { HF_ALLOW_REMOTE: '1', HF_ENDPOINT: server.url, HF_CACHE_DIR: cacheDir, ...extra };
}

function decide(s: ModelSpec, env: NodeJS.ProcessEnv): ModelSource {
  const decision = chooseModelSourceSync(s, env);
  if (!decision.ok) throw new Error(`expected a source, got: ${decision.reason}`);
  return decision.source;
}

/** Decides, materialises and loads as a suite's beforeAll does; returns the requests it made. */
async function load(s: ModelSpec, env: NodeJS.ProcessEnv): Promise<{ source: ModelSource; requests: string[]; output: unknown }> {
  const before = server.requests.length;
  const source = await materialise(s, decide(s, env));
  const pipe = await loadPipeline(s, source, 'cpu');
  const output = await pipe('Hello [MASK].');
  await pipe.dispose();
  return { source, requests: server.requests.slice(before).map((r) => r.url), output };
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

test('downloads through transformers.js into HF_CACHE_DIR; the next run and HF_HUB_OFFLINE=1 make no request', async () => {
  const id = serve();
  const cache = path.join(root, 'cache-ok');
  const first = await load(spec(id), envFor(cache));
  expect(first.source.description).toBe(`Hub checkpoint ${id} from ${server.url}`);
  expect(first.requests).toEqual(expect.arrayContaining([`/${id}/resolve/main/config.json`, `/${id}/resolve/main/onnx/model.onnx`, `/${id}/resolve/main/tokenizer.json`]));
  expect(Array.isArray(first.output)).toBe(true);
  expect(filesUnder(path.join(cache, id))).toEqual([MANIFEST_NAME, 'config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json']);

  const second = await load(spec(id), envFor(cache));
  expect(second.source.description).toBe(`Hub checkpoint ${id} (cached in ${cache})`);
  expect(second.requests).toEqual([]);
  const offline = await load(spec(id), envFor(cache, { HF_HUB_OFFLINE: '1' }));
  expect(offline.requests).toEqual([]);
  expect(offline.output).toEqual(first.output);
});

test('HF_HUB_OFFLINE=1 with nothing cached fails naming the id and the cache, without a request', async () => {
  const id = serve();
  const cache = path.join(root, 'cache-offline');
  const before = server.requests.length;
  await expect(load(spec(id), envFor(cache, { HF_HUB_OFFLINE: '1' }))).rejects.toThrow(
    `HF_HUB_OFFLINE=1 and ${id} (fill-mask) is not in the cache ${cache} (HF_CACHE_DIR); fetch it once with \`hf-convert models pull\``,
  );
  expect(server.requests.length).toBe(before);
});

test('a suite with no ONNX checkpoint is skipped on a remote run, with the reason', () => {
  for (const value of [null, undefined]) {
    const decision = chooseModelSourceSync(spec(value), envFor(path.join(root, 'unused')));
    expect(decision).toEqual({ ok: false, reason: expect.stringMatching(/^HF_ALLOW_REMOTE=1, but the suite names no ONNX checkpoint for google-bert\/bert-base-uncased \(onnxModelId is (null|absent)\)/) });
  }
});

describe('failures say what failed and where, and leave nothing half-written in the cache', () => {
  test('an id the server does not have', async () => {
    const cache = path.join(root, 'cache-404');
    await expect(load(spec('Xenova/not-served'), envFor(cache))).rejects.toThrow(
      `cannot load Hub checkpoint Xenova/not-served from ${server.url} for fill-mask on cpu: ${server.url} has no Xenova/not-served (404 for config.json)`,
    );
    expect(filesUnder(cache)).toEqual([]);
  });

  test('a server error', async () => {
    const id = serve();
    server.fault(id, 'tokenizer.json', { status: 500 });
    await expect(load(spec(id), envFor(path.join(root, 'cache-500')))).rejects.toThrow(`${server.url} answered 500 Internal Server Error for tokenizer.json of ${id}`);
  });

  test('a dropped connection', async () => {
    const id = serve();
    server.fault(id, 'config.json', { drop: true });
    await expect(load(spec(id), envFor(path.join(root, 'cache-drop')))).rejects.toThrow(`the connection to ${server.url} dropped while requesting config.json of ${id}`);
  });

  test('a file cut short: detected, and not left in the cache as a complete-looking file', async () => {
    const id = serve();
    const cache = path.join(root, 'cache-cut');
    const size = fs.statSync(path.join(tinyDir, 'onnx', 'model.onnx')).size;
    server.fault(id, 'onnx/model.onnx', { truncateAt: 1000 });
    await expect(load(spec(id), envFor(cache))).rejects.toThrow(new RegExp(`the download of onnx/model\\.onnx of ${id} from ${server.url} (was cut short after 1000 of ${size} bytes|ended after 1000 of ${size} bytes)`));
    expect(filesUnder(path.join(cache, id))).not.toContainEqual(expect.stringMatching(/onnx/));
    expect(filesUnder(path.join(cache, id))).not.toContain(MANIFEST_NAME);
  });

  test('a malformed HF_ENDPOINT', async () => {
    const id = serve();
    await expect(load(spec(id), envFor(path.join(root, 'cache-bad'), { HF_ENDPOINT: 'localhost:8080' }))).rejects.toThrow('HF_ENDPOINT="localhost:8080" is not an http(s) URL');
  });

  test('an unreachable endpoint (a closed port)', async () => {
    const closed = await startHubServer();
    const url = closed.url;
    await closed.close();
    const id = serve();
    await expect(load(spec(id), envFor(path.join(root, 'cache-closed'), { HF_ENDPOINT: url }))).rejects.toThrow(new RegExp(`cannot reach ${url} \\(HF_ENDPOINT\\) for config\\.json of ${id}: .*ECONNREFUSED`));
  });

  test('a cache folder that cannot be written', async () => {
    const blocker = path.join(root, 'a-file');
    fs.writeFileSync(blocker, '');
    const cache = path.join(blocker, 'cache');
    const before = server.requests.length;
    await expect(load(spec(serve()), envFor(cache))).rejects.toThrow(`HF_CACHE_DIR ${cache} is not writable`);
    expect(server.requests.length).toBe(before);
  });

  test('a damaged cached file', async () => {
    const id = serve();
    const cache = path.join(root, 'cache-damaged');
    await load(spec(id), envFor(cache));
    const onnx = path.join(cache, id, 'onnx', 'model.onnx');
    fs.truncateSync(onnx, 500);
    await expect(load(spec(id), envFor(cache))).rejects.toThrow(`cached file ${onnx} is damaged (500 bytes, ${fs.statSync(path.join(tinyDir, 'onnx', 'model.onnx')).size} expected)`);
    fs.writeFileSync(path.join(cache, id, 'config.json'), '{"model_type": "bert",');
    await expect(load(spec(id), envFor(cache, { HF_HUB_OFFLINE: '1' }))).rejects.toThrow(/cached file .*config\.json is damaged/);
  });
});

describe('HF_TOKEN', () => {
  test('a gated checkpoint without a token says to set HF_TOKEN; with one it loads, sending the token to the endpoint', async () => {
    // One id per attempt: transformers.js shares in-flight file loads of an id across pipelines in a process.
    const [none, wrong, right] = [serve(), serve(), serve()];
    for (const id of [none, wrong, right]) server.requireToken(id, 'hf_secret');
    await expect(load(spec(none), envFor(path.join(root, 'cache-gated')))).rejects.toThrow(`${server.url} refused config.json of ${none} (401): ${none} is gated or private, or does not exist; set HF_TOKEN`);
    await expect(load(spec(wrong), envFor(path.join(root, 'cache-gated'), { HF_TOKEN: 'wrong' }))).rejects.toThrow(`refused config.json of ${wrong} (403) with the HF_TOKEN given: that token has no access`);
    const ok = await load(spec(right), envFor(path.join(root, 'cache-gated'), { HF_TOKEN: 'hf_secret' }));
    expect(ok.requests.length).toBeGreaterThan(0);
    // The refused load's parallel requests for its other files may still arrive after it failed: look at this id's.
    const forRight = server.requests.filter((r) => r.url.startsWith(`/${right}/`));
    expect(forRight.length).toBeGreaterThan(0);
    expect(forRight.map((r) => r.authorization)).toEqual(forRight.map(() => 'Bearer hf_secret'));
  });
});
