import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { ModelSpec } from '../../src/runtime/spec';

const PROBE = path.join(__dirname, 'fixtures', 'offline-probe.ts');

function spec(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return {
    modelType: 'bert', modelId: 'google-bert/bert-base-uncased', onnxModelId: 'Xenova/bert-base-uncased', task: 'fill-mask', category: 'text',
    transformersJs: { supported: true, pipelineTasks: ['fill-mask'] },
    inputs: { texts: [], maskedTexts: [], candidateLabels: [], questions: [], images: [], audio: [] },
    expected: [], sources: [{ file: 'test_hf_bert.py' }], warnings: [], ...overrides,
  };
}

/** Runs the probe in a fresh process (the network is patched there, not in Jest's realm). */
function probe(s: ModelSpec, env: Record<string, string | undefined>): { decision?: string; source?: string; attempts: string[]; error?: string; outputIsArray?: boolean } {
  const cleanEnv = { ...process.env, HF_ALLOW_REMOTE: undefined, HF_MODELS_DIR: undefined, HF_HUB_OFFLINE: undefined, HF_ENDPOINT: undefined, HF_CACHE_DIR: undefined, ...env };
  const out = execFileSync(process.execPath, ['-r', 'esbuild-register', PROBE, JSON.stringify(s)], { env: cleanEnv as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out);
}

describe('offline by default', () => {
  let tinyDir: string;
  beforeAll(() => {
    tinyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-tiny-'));
  });
  afterAll(() => fs.rmSync(tinyDir, { recursive: true, force: true }));

  test('without HF_ALLOW_REMOTE, building, loading and running a tiny model makes no network request', () => {
    const result = probe(spec(), { HF_TINY_MODELS_DIR: tinyDir });
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ decision: 'ok', source: 'tiny', outputIsArray: true });
    expect(result.attempts).toEqual([]);
  }, 60_000);

  test('a local checkpoint in HF_MODELS_DIR/<org>/<name> is used first, still without any request', () => {
    // Stand in a tiny model for the "real" checkpoint, in the layout transformers.js uses.
    const first = probe(spec(), { HF_TINY_MODELS_DIR: tinyDir });
    expect(first.source).toBe('tiny');
    const built = fs.readdirSync(path.join(tinyDir, 'tiny-random')).find((d) => d.startsWith('bert-fill-mask'))!;
    const models = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-local-'));
    fs.cpSync(path.join(tinyDir, 'tiny-random', built), path.join(models, 'google-bert', 'bert-base-uncased'), { recursive: true });
    const result = probe(spec(), { HF_MODELS_DIR: models, HF_TINY_MODELS_DIR: tinyDir });
    fs.rmSync(models, { recursive: true, force: true });
    expect(result).toMatchObject({ decision: 'ok', source: 'local', outputIsArray: true });
    expect(result.attempts).toEqual([]);
  }, 60_000);

  test('a family with no tiny builder and no local copy is skipped with the reason, without asking the Hub', () => {
    const result = probe(spec({ modelType: 'layoutlm', modelId: 'microsoft/layoutlm-base-uncased', task: 'document-question-answering', category: 'multimodal', transformersJs: { supported: false, pipelineTasks: [] } }), {});
    expect(result.decision).toMatch(/transformers\.js has no model class for model_type "layoutlm"/);
    expect(result.attempts).toEqual([]);
  }, 60_000);

  test('with HF_ALLOW_REMOTE=1 the Hub is the source for the ONNX checkpoint (and here, offline, the attempt is what fails)', () => {
    const result = probe(spec({ onnxModelId: 'Xenova/bert-base-uncased' }), { HF_ALLOW_REMOTE: '1', HF_CACHE_DIR: path.join(tinyDir, 'hub') });
    expect(result.attempts.length).toBeGreaterThan(0);
    expect(result.error).toMatch(/cannot load Hub checkpoint Xenova\/bert-base-uncased from https:\/\/huggingface\.co for fill-mask on cpu: cannot reach https:\/\/huggingface\.co \(HF_ENDPOINT\) for config\.json of Xenova\/bert-base-uncased/);
  }, 60_000);

  test('HF_HUB_OFFLINE=1 forbids every request even with HF_ALLOW_REMOTE=1', () => {
    const result = probe(spec({ onnxModelId: 'Xenova/bert-base-uncased' }), { HF_ALLOW_REMOTE: '1', HF_HUB_OFFLINE: '1', HF_CACHE_DIR: path.join(tinyDir, 'hub') });
    expect(result.attempts).toEqual([]);
    expect(result.error).toMatch(/HF_HUB_OFFLINE=1 and Xenova\/bert-base-uncased \(fill-mask\) is not in the cache/);
  }, 60_000);
});
