/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderSuite } from '../../src/emit';
import { loadPipeline } from '../../src/runtime/describe-model';
import { loadTransformers } from '../../src/runtime/host';
import { hubSettings, MANIFEST_NAME, pullModels, readManifest, type PullTarget } from '../../src/runtime/hub';
import { chooseModelSourceSync, materialise } from '../../src/runtime/source';
import { buildTinyModel } from '../../src/runtime/tiny';
import type { ModelSpec } from '../../src/runtime/spec';
import { startHubServer, type HubServer } from '../helpers/hub-server';
import { runCli } from '../helpers/cli';

jest.setTimeout(30_000);

/**
 * `models pull` against a local Hub-layout server: exactly the files transformers.js reads for
 * each task, verified against the listing, resumed after an interruption, retried when cut short,
 * refused on a checksum mismatch, and every failure named; the runtime then needs no request.
 */
let server: HubServer;
let root: string;
let bert: string;
let gpt2: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-pull-'));
  bert = (await buildTinyModel({ modelType: 'bert', task: 'fill-mask', cacheDir: path.join(root, 'tiny') })).dir;
  gpt2 = (await buildTinyModel({ modelType: 'gpt2', task: 'text-generation', cacheDir: path.join(root, 'tiny') })).dir;
  server = await startHubServer({ lifetimeMs: 60_000 });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(root, { recursive: true, force: true });
});

let counter = 0;
const fresh = (dir: string, name: string) => {
  const id = `Xenova/${name}-${++counter}`;
  server.addRepo(id, dir);
  return id;
};

function settings(extra: Record<string, string> = {}) {
  return hubSettings({ HF_ENDPOINT: server.url, HF_CACHE_DIR: path.join(root, 'cache'), ...extra });
}

/** Retries at once: the backoff guards the real Hub's CDN; this server's faults are not timed. */
function pull(targets: PullTarget[], dest: string, extra: Record<string, string> = {}) {
  return pullModels(targets, { settings: settings(extra), root: dest, rootLabel: 'HF_CACHE_DIR', transformers: loadTransformers(), retryBackoffMs: 0 });
}

const target = (id: string, task: string): PullTarget => ({ id, tasks: [task], suites: [`text/${task}.test.ts`] });
const blobRequests = (from: number) => server.requests.slice(from).filter((r) => r.url.startsWith('/lfs/'));
/**
 * Byte-for-byte equality of a file read back. `toEqual` on Buffers walks them index by index
 * (about a second per model file); `equals` compares them whole, and the length still shows on a mismatch.
 */
function expectSameBytes(actual: Buffer, expected: Buffer): void {
  expect({ bytes: actual.length, identical: actual.equals(expected) }).toEqual({ bytes: expected.length, identical: true });
}
const filesUnder = (dir: string) =>
  fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort() : [];

function spec(onnxModelId: string, task = 'fill-mask', modelType = 'bert'): ModelSpec {
  return {
    modelType, modelId: `google/${modelType}`, onnxModelId, task, category: 'text',
    transformersJs: { supported: true, pipelineTasks: [task] },
    inputs: { texts: [], maskedTexts: [], candidateLabels: [], questions: [], images: [], audio: [] },
    expected: [], sources: [{ file: 'test_hf_x.py' }], warnings: [],
  };
}

test('fetches exactly the files transformers.js reads per task, verified; a second pull finds them present; then the runtime needs no request', async () => {
  const b = fresh(bert, 'bert');
  const g = fresh(gpt2, 'gpt2');
  const cache = path.join(root, 'cache-a');
  const result = await pull([target(b, 'fill-mask'), target(g, 'text-generation')], cache);
  expect(result.models.map((m) => [m.id, m.status, m.error])).toEqual([[b, 'fetched', undefined], [g, 'fetched', undefined]]);
  expect(filesUnder(path.join(cache, b))).toEqual([MANIFEST_NAME, 'config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json']);
  expect(filesUnder(path.join(cache, g))).toEqual([MANIFEST_NAME, 'config.json', 'generation_config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json']);
  for (const file of ['onnx/model.onnx', 'config.json']) expectSameBytes(fs.readFileSync(path.join(cache, b, file)), fs.readFileSync(path.join(bert, file)));
  expect(readManifest(path.join(cache, b))!.files['onnx/model.onnx'].sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(result.totals).toMatchObject({ fetched: 9, present: 0, failed: 0, models: { fetched: 2, present: 0, failed: 0 } });

  const before = server.requests.length;
  const again = await pull([target(b, 'fill-mask'), target(g, 'text-generation')], cache);
  expect(again.totals).toMatchObject({ fetched: 0, present: 9, failed: 0, models: { fetched: 0, present: 2, failed: 0 } });
  expect(server.requests.slice(before).filter((r) => r.url.includes('/resolve/') || r.url.startsWith('/lfs/'))).toEqual([]);

  const env = { HF_ALLOW_REMOTE: '1', HF_HUB_OFFLINE: '1', HF_ENDPOINT: server.url, HF_CACHE_DIR: cache };
  const decision = chooseModelSourceSync(spec(b), env);
  if (!decision.ok) throw new Error(decision.reason);
  const afterPull = server.requests.length;
  const pipe = await loadPipeline(spec(b), await materialise(spec(b), decision.source), 'cpu');
  expect(Array.isArray(await pipe('Hello [MASK].'))).toBe(true);
  await pipe.dispose();
  expect(server.requests.length).toBe(afterPull);
});

test('an optional file the repository lacks is noted, not a failure', async () => {
  const id = `Xenova/no-generation-config-${++counter}`;
  const files = Object.fromEntries(fs.readdirSync(gpt2, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(gpt2, f)).isFile() && f !== 'generation_config.json').map((f) => [f, fs.readFileSync(path.join(gpt2, f))]));
  server.addRepo(id, files);
  const result = await pull([target(id, 'text-generation')], path.join(root, 'cache-optional'));
  expect(result.models[0].error).toBeUndefined();
  expect(result.models[0].files.find((f) => f.file === 'generation_config.json')?.status).toBe('absent');
});

test('a mirror without the listing API: files checked against their announced length, then against what the pull recorded', async () => {
  const id = fresh(bert, 'bert');
  server.hideListing(id);
  const cache = path.join(root, 'cache-mirror');
  const first = await pull([target(id, 'fill-mask')], cache);
  expect(first.models[0]).toMatchObject({ status: 'fetched', verified: false });
  expect(first.totals.fetched).toBe(4);
  const before = server.requests.length;
  const second = await pull([target(id, 'fill-mask')], cache);
  expect(second.totals).toMatchObject({ fetched: 0, present: 4 });
  expect(blobRequests(before)).toEqual([]);
});

test('resumes an interrupted download from its .part file with a Range request', async () => {
  const id = fresh(bert, 'bert');
  const cache = path.join(root, 'cache-resume');
  const whole = fs.readFileSync(path.join(bert, 'onnx', 'model.onnx'));
  const half = Math.floor(whole.length / 2);
  fs.mkdirSync(path.join(cache, id, 'onnx'), { recursive: true });
  fs.writeFileSync(path.join(cache, id, 'onnx', 'model.onnx.part'), whole.subarray(0, half));
  const before = server.requests.length;
  const result = await pull([target(id, 'fill-mask')], cache);
  expect(result.models[0].error).toBeUndefined();
  expect(blobRequests(before).map((r) => r.range)).toEqual([`bytes=${half}-`]);
  expectSameBytes(fs.readFileSync(path.join(cache, id, 'onnx', 'model.onnx')), whole);
  expect(result.models[0].files.find((f) => f.file === 'onnx/model.onnx')?.notes).toEqual([`resumed at byte ${half}`]);
});

test('a download cut short is detected and retried (resuming), never left as a complete-looking file', async () => {
  const id = fresh(bert, 'bert');
  const cache = path.join(root, 'cache-cut');
  server.fault(id, 'onnx/model.onnx', { truncateAt: 4096 }, 1);
  const before = server.requests.length;
  const result = await pull([target(id, 'fill-mask')], cache);
  expect(result.models[0].error).toBeUndefined();
  expect(blobRequests(before).map((r) => r.range)).toEqual([undefined, 'bytes=4096-']);
  expectSameBytes(fs.readFileSync(path.join(cache, id, 'onnx', 'model.onnx')), fs.readFileSync(path.join(bert, 'onnx', 'model.onnx')));

  // Cut short on every attempt: a failure naming the file, and only a .part (to resume from) on disk.
  const stubborn = fresh(bert, 'bert');
  server.fault(stubborn, 'onnx/model.onnx', { truncateAt: 4096 });
  const failed = await pull([target(stubborn, 'fill-mask')], cache);
  expect(failed.models[0].error).toMatch(new RegExp(`onnx/model\\.onnx of ${stubborn} from ${server.url}.*(cut short|stopped)`));
  expect(filesUnder(path.join(cache, stubborn, 'onnx'))).toEqual(['model.onnx.part']);
  expect(fs.existsSync(path.join(cache, stubborn, 'config.json'))).toBe(false);
});

test('a dropped connection or a 503 is retried; a 500 fails naming file, id and endpoint', async () => {
  const id = fresh(bert, 'bert');
  const cache = path.join(root, 'cache-flaky');
  server.fault(id, 'tokenizer.json', { drop: true }, 1);
  server.fault(id, 'onnx/model.onnx', { status: 503 }, 1);
  const result = await pull([target(id, 'fill-mask')], cache);
  expect(result.models[0].error).toBeUndefined();
  expect(result.models[0].files.find((f) => f.file === 'tokenizer.json')?.notes).toEqual([`retried after: the connection to ${server.url} dropped while requesting tokenizer.json of ${id}: other side closed (UND_ERR_SOCKET)`]);
  expect(result.models[0].files.find((f) => f.file === 'onnx/model.onnx')?.notes?.[0]).toMatch(/^retried after: .* answered 503/);

  const broken = fresh(bert, 'bert');
  server.fault(broken, 'tokenizer.json', { status: 500 });
  const failed = await pull([target(broken, 'fill-mask')], cache);
  expect(failed.models[0].error).toBe(`${server.url} answered 500 Internal Server Error for tokenizer.json of ${broken}: fault 500`);
  expect(filesUnder(path.join(cache, broken))).not.toContain('tokenizer.json');
});

test('a checksum mismatch fails naming both hashes and leaves nothing behind', async () => {
  const id = fresh(bert, 'bert');
  const cache = path.join(root, 'cache-sha');
  const whole = fs.readFileSync(path.join(bert, 'onnx', 'model.onnx'));
  const wrong = Buffer.from(whole);
  wrong[wrong.length - 1] ^= 0xff;
  server.fault(id, 'onnx/model.onnx', { body: wrong });
  const result = await pull([target(id, 'fill-mask')], cache);
  expect(result.models[0].error).toMatch(/onnx\/model\.onnx does not match the Hub's listing: sha256 [0-9a-f]{64}, the Hub lists [0-9a-f]{64}/);
  expect(filesUnder(path.join(cache, id, 'onnx'))).toEqual([]);
  expect(result.totals.models.failed).toBe(1);
});

test('a damaged file already in the cache is fetched again', async () => {
  const id = fresh(bert, 'bert');
  const cache = path.join(root, 'cache-repair');
  await pull([target(id, 'fill-mask')], cache);
  fs.writeFileSync(path.join(cache, id, 'tokenizer.json'), '{"broken": ');
  const result = await pull([target(id, 'fill-mask')], cache);
  expect(result.models[0].files.find((f) => f.file === 'tokenizer.json')).toMatchObject({ status: 'fetched', notes: ['replaced a damaged copy'] });
  expectSameBytes(fs.readFileSync(path.join(cache, id, 'tokenizer.json')), fs.readFileSync(path.join(bert, 'tokenizer.json')));
});

test('failures name the id, the file and the endpoint; 401 says to set HF_TOKEN; offline makes no request', async () => {
  const cache = path.join(root, 'cache-fail');
  const missing = await pull([target('Xenova/not-served', 'fill-mask')], cache);
  expect(missing.models[0].error).toBe(`${server.url} has no Xenova/not-served (404 for config.json): check the id (spec.onnxModelId) and that ${server.url} serves it`);

  const gated = fresh(bert, 'bert');
  server.requireToken(gated, 'hf_x');
  const refused = await pull([target(gated, 'fill-mask')], cache);
  expect(refused.models[0].error).toMatch(new RegExp(`refused .* of ${gated} \\(401\\): ${gated} is gated or private, or does not exist; set HF_TOKEN`));
  const allowed = await pull([target(gated, 'fill-mask')], cache, { HF_TOKEN: 'hf_x' });
  expect(allowed.models[0].error).toBeUndefined();

  const closed = await startHubServer();
  await closed.close();
  const unreachable = await pullModels([target('Xenova/anything', 'fill-mask')], {
    settings: hubSettings({ HF_ENDPOINT: closed.url }), root: path.join(root, 'cache-closed'), rootLabel: 'HF_CACHE_DIR', transformers: loadTransformers(),
  });
  expect(unreachable.models[0].error).toMatch(new RegExp(`^cannot reach ${closed.url} \\(HF_ENDPOINT\\) for the file list of Xenova/anything: .*ECONNREFUSED`));
  expect(filesUnder(path.join(root, 'cache-closed'))).toEqual([]);

  const before = server.requests.length;
  const offline = await pull([target(fresh(bert, 'bert'), 'fill-mask')], cache, { HF_HUB_OFFLINE: '1' });
  expect(offline.models[0].error).toMatch(/^HF_HUB_OFFLINE=1 forbids every request; unset it to pull/);
  expect(server.requests.length).toBe(before);
});

describe('hf-convert models pull', () => {
  async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    const saved = { ...process.env };
    Object.assign(process.env, { HF_HUB_OFFLINE: '', HF_TOKEN: '', ...env });
    try {
      return await runCli('models', 'pull', ...args);
    } finally {
      process.env = saved;
    }
  }

  function suites(name: string, specs: ModelSpec[]): string {
    const dir = path.join(root, name);
    for (const [i, s] of specs.entries()) {
      const file = path.join(dir, 'text', `${s.modelType}-${i}.test.ts`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, renderSuite(s));
    }
    return dir;
  }

  test('pulls the suites of a folder --to an HF_MODELS_DIR, prints a summary, and the runtime uses that folder', async () => {
    const id = fresh(bert, 'bert');
    const dir = suites('suites-ok', [spec(id), { ...spec(id, 'fill-mask', 'bert2'), onnxModelId: null }]);
    const to = path.join(root, 'models-dir');
    const run = await cli([dir, '--to', to, '--no-progress'], { HF_ENDPOINT: server.url });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`models pull: 1 checkpoint(s) from ${server.url} into ${to}`);
    expect(run.stdout).toMatch(new RegExp(`✓ ${id} \\(fill-mask\\): fetched 4 file\\(s\\)`));
    expect(run.stdout).toMatch(/skipped .*bert2-1\.test\.ts: no ONNX checkpoint for google\/bert2 \(onnxModelId is null\)/);
    expect(run.stdout).toMatch(/fetched 4 file\(s\) \(.*\), already present 0, failed 0 checkpoint\(s\), skipped 1 suite\(s\)/);
    const decision = chooseModelSourceSync(spec(id), { HF_MODELS_DIR: to });
    expect(decision.ok && decision.source.kind).toBe('local');
  });

  test('exit 1 when a checkpoint fails; exit 2 for a malformed HF_ENDPOINT or a folder that cannot be written', async () => {
    const dir = suites('suites-bad', [spec('Xenova/not-served-either')]);
    const failed = await cli([dir, '--no-progress'], { HF_ENDPOINT: server.url, HF_CACHE_DIR: path.join(root, 'cache-cli') });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`✗ Xenova/not-served-either: failed — ${server.url} has no Xenova/not-served-either (404 for config.json)`);

    const malformed = await cli([dir], { HF_ENDPOINT: 'ftp://mirror' });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('HF_ENDPOINT="ftp://mirror" is not an http(s) URL');

    const blocker = path.join(root, 'not-a-folder');
    fs.writeFileSync(blocker, '');
    const unwritable = await cli([dir, '--to', path.join(blocker, 'models')], { HF_ENDPOINT: server.url });
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain(`--to ${path.join(blocker, 'models')} is not writable`);

    const nothing = await cli([path.join(root, 'tiny')], { HF_ENDPOINT: server.url });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/no generated suites/);
  });
});
