import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ModelSpec } from '../../src/runtime/spec';
import { buildTinyModel } from '../../src/runtime/tiny';
import { runChild } from '../helpers/child';

const PROBE = path.join(__dirname, 'fixtures', 'offline-probe.ts');
/** Loads the probe's TypeScript (and the runtime's) in the child: in-process SWC, cached by content. */
const LOAD_TS = require.resolve('../../bin/register-ts.cjs');

function spec(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return {
    modelType: 'bert', modelId: 'google-bert/bert-base-uncased', onnxModelId: 'Xenova/bert-base-uncased', task: 'fill-mask', category: 'text',
    transformersJs: { supported: true, pipelineTasks: ['fill-mask'] },
    inputs: { texts: [], maskedTexts: [], candidateLabels: [], questions: [], images: [], audio: [] },
    expected: [], sources: [{ file: 'test_hf_bert.py' }], warnings: [], ...overrides,
  };
}

interface ProbeResult {
  decision?: string;
  source?: string;
  attempts: string[];
  error?: string;
  outputIsArray?: boolean;
}

/** Runs the probe in a fresh process (the network is patched there, not in Jest's realm). */
async function probe(s: ModelSpec, env: Record<string, string | undefined>): Promise<ProbeResult> {
  const cleanEnv = { ...process.env, HF_ALLOW_REMOTE: undefined, HF_MODELS_DIR: undefined, HF_HUB_OFFLINE: undefined, HF_ENDPOINT: undefined, HF_CACHE_DIR: undefined, ...env };
  const run = await runChild(process.execPath, ['-r', LOAD_TS, PROBE, JSON.stringify(s)], { env: cleanEnv as NodeJS.ProcessEnv, timeoutMs: 60_000 });
  try {
    return JSON.parse(run.stdout) as ProbeResult;
  } catch {
    throw new Error(`the offline probe printed no result (exit ${run.status ?? run.signal}): ${run.stderr}`);
  }
}

describe('offline by default', () => {
  let work: string;
  /**
   * Each scenario is a probe process of its own, all started here so they run side by side; each
   * test awaits (and fails on) its own.
   */
  const probes = {} as Record<'tiny' | 'local' | 'noBuilder' | 'remote' | 'hubOffline', Promise<ProbeResult>>;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-'));
    // A tiny model stands in for the "real" checkpoint, in the layout transformers.js uses.
    const standIn = await buildTinyModel({ modelType: 'bert', task: 'fill-mask', cacheDir: path.join(work, 'stand-in') });
    const models = path.join(work, 'models');
    fs.cpSync(standIn.dir, path.join(models, 'google-bert', 'bert-base-uncased'), { recursive: true });

    probes.tiny = probe(spec(), { HF_TINY_MODELS_DIR: path.join(work, 'tiny') });
    probes.local = probe(spec(), { HF_MODELS_DIR: models, HF_TINY_MODELS_DIR: path.join(work, 'tiny-unused') });
    probes.noBuilder = probe(spec({ modelType: 'layoutlm', modelId: 'microsoft/layoutlm-base-uncased', task: 'document-question-answering', category: 'multimodal', transformersJs: { supported: false, pipelineTasks: [] } }), {});
    probes.remote = probe(spec({ onnxModelId: 'Xenova/bert-base-uncased' }), { HF_ALLOW_REMOTE: '1', HF_CACHE_DIR: path.join(work, 'hub-remote') });
    probes.hubOffline = probe(spec({ onnxModelId: 'Xenova/bert-base-uncased' }), { HF_ALLOW_REMOTE: '1', HF_HUB_OFFLINE: '1', HF_CACHE_DIR: path.join(work, 'hub-offline') });
    // Awaited by their tests; until then a failure must not count as unhandled.
    for (const pending of Object.values(probes)) pending.catch(() => {});
  }, 30_000);
  afterAll(async () => {
    await Promise.allSettled(Object.values(probes));
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('without HF_ALLOW_REMOTE, building, loading and running a tiny model makes no network request', async () => {
    const result = await probes.tiny;
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ decision: 'ok', source: 'tiny', outputIsArray: true });
    expect(result.attempts).toEqual([]);
  }, 60_000);

  test('a local checkpoint in HF_MODELS_DIR/<org>/<name> is used first, still without any request', async () => {
    const result = await probes.local;
    expect(result).toMatchObject({ decision: 'ok', source: 'local', outputIsArray: true });
    expect(result.attempts).toEqual([]);
  }, 60_000);

  test('a family with no tiny builder and no local copy is skipped with the reason, without asking the Hub', async () => {
    const result = await probes.noBuilder;
    expect(result.decision).toMatch(/transformers\.js has no model class for model_type "layoutlm"/);
    expect(result.attempts).toEqual([]);
  }, 60_000);

  test('with HF_ALLOW_REMOTE=1 the Hub is the source for the ONNX checkpoint (and here, offline, the attempt is what fails)', async () => {
    const result = await probes.remote;
    expect(result.attempts.length).toBeGreaterThan(0);
    expect(result.error).toMatch(/cannot load Hub checkpoint Xenova\/bert-base-uncased from https:\/\/huggingface\.co for fill-mask on cpu: cannot reach https:\/\/huggingface\.co \(HF_ENDPOINT\) for config\.json of Xenova\/bert-base-uncased/);
  }, 60_000);

  test('HF_HUB_OFFLINE=1 forbids every request even with HF_ALLOW_REMOTE=1', async () => {
    const result = await probes.hubOffline;
    expect(result.attempts).toEqual([]);
    expect(result.error).toMatch(/HF_HUB_OFFLINE=1 and Xenova\/bert-base-uncased \(fill-mask\) is not in the cache/);
  }, 60_000);
});
