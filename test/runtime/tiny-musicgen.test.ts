/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertClose, comparable, harnessFor, HarnessAssertionError, type HarnessContext } from '../../src/runtime/harness';
import { MUSIC_NEW_TOKENS, textToMusic, type MusicOutput } from '../../src/runtime/harness/text-to-music';
import { runCall } from '../../src/runtime/describe-model';
import { loadOrt, loadTransformers } from '../../src/runtime/host';
import { chooseModelSourceSync } from '../../src/runtime/source';
import { buildTinyModel, tinyArchitectureFor, tinyCoverage } from '../../src/runtime/tiny';
import { CODEC_CODEBOOKS, CODEC_HOP } from '../../src/runtime/tiny/codec';
import { catalogCoverage } from '../../src/runtime/tiny/coverage';
import { coverageCatalog } from '../../src/runtime/tiny/coverage-catalog';
import { alteredPipe, bareSpec, passesHarness, tinyContext } from './tiny-context';

/**
 * MusicGen text-to-audio, which transformers.js 4.3.1's text-to-audio pipeline cannot run: a tiny
 * model in MusicgenForConditionalGeneration's layout (text_encoder, decoder_model_merged,
 * encodec_decode), run by the harness's own loader through generate(), checked, and every check
 * shown to fail on altered outputs.
 */
const transformers = loadTransformers();
const ort = loadOrt();
jest.setTimeout(120_000);

const TASK = 'text-to-audio';
const FRAMES = MUSIC_NEW_TOKENS + 1 - CODEC_CODEBOOKS;

let cacheDir: string;
let shared: HarnessContext | undefined;
beforeAll(() => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiny-musicgen-'));
});
afterAll(async () => {
  await shared?.pipe.dispose();
  fs.rmSync(cacheDir, { recursive: true, force: true });
});
const context = async () => (shared ??= await tinyContext('musicgen', TASK, cacheDir, 'audio'));

describe('registry: musicgen text-to-audio runs through the model class', () => {
  test('tiny pair, model-class harness, tiny source', () => {
    expect(tinyArchitectureFor('musicgen', TASK)).toEqual({ supported: true, kind: 'text-to-music', modelType: 'musicgen', task: TASK, architecture: 'MusicgenForConditionalGeneration' });
    expect(tinyArchitectureFor('musicgen', 'text-to-speech')).toMatchObject({ supported: true, architecture: 'MusicgenForConditionalGeneration' });
    expect(tinyCoverage()).toContainEqual({ modelType: 'musicgen', task: TASK, kind: 'text-to-music' });
    expect(harnessFor(TASK, 'musicgen')).toBe(textToMusic);
    expect(harnessFor(TASK)).not.toBe(textToMusic);
    expect(catalogCoverage(coverageCatalog()).pairs).toContainEqual(expect.objectContaining({ modelType: 'musicgen', task: TASK, status: 'tiny' }));
    const decision = chooseModelSourceSync(bareSpec('musicgen', TASK, 'audio'), {});
    expect(decision.ok && decision.source.kind).toBe('tiny');
  });
});

describe('files in the layout of the real export', () => {
  test('three sessions with the names MODEL_TYPES.Musicgen feeds and reads', async () => {
    const model = await buildTinyModel({ modelType: 'musicgen', task: TASK, cacheDir });
    expect(model.files).toEqual(['config.json', 'generation_config.json', 'onnx/decoder_model_merged.onnx', 'onnx/encodec_decode.onnx', 'onnx/text_encoder.onnx', 'tokenizer.json', 'tokenizer_config.json']);
    const names = async (file: string) => {
      const session = await ort.InferenceSession.create(path.join(model.dir, 'onnx', file));
      return { inputs: [...session.inputNames].sort(), outputs: [...session.outputNames].sort() };
    };
    expect(await names('text_encoder.onnx')).toEqual({ inputs: ['attention_mask', 'input_ids'], outputs: ['last_hidden_state'] });
    const cache = (prefix: string) => [0, 1].flatMap((l) => ['decoder', 'encoder'].flatMap((part) => [`${prefix}.${l}.${part}.key`, `${prefix}.${l}.${part}.value`]));
    expect(await names('decoder_model_merged.onnx')).toEqual({
      inputs: ['encoder_attention_mask', 'encoder_hidden_states', 'input_ids', ...cache('past_key_values')].sort(),
      outputs: ['logits', ...cache('present')].sort(),
    });
    expect(await names('encodec_decode.onnx')).toEqual({ inputs: ['audio_codes'], outputs: ['audio_values'] });
    const config = JSON.parse(fs.readFileSync(path.join(model.dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'musicgen', decoder: { model_type: 'musicgen_decoder', num_codebooks: 4, pad_token_id: 16 }, text_encoder: { model_type: 't5' }, audio_encoder: { model_type: 'encodec', sampling_rate: 32000 } });
    expect(JSON.parse(fs.readFileSync(path.join(model.dir, 'generation_config.json'), 'utf8'))).toMatchObject({ decoder_start_token_id: 16, guidance_scale: 3 });
  });
});

describe('the harness passes on the tiny model', () => {
  test('checks, determinism, bad inputs, batching, extra tests', async () => {
    const ctx = await context();
    expect(ctx.pipe.model.constructor.name).toBe('MusicgenForConditionalGeneration');
    expect(ctx.pipe.processor.constructor.name).toBe('T5Tokenizer');
    const [one] = (await passesHarness(ctx, textToMusic)) as MusicOutput[];
    expect(one!.audio_values.dims).toEqual([1, 1, FRAMES * CODEC_HOP]);
    expect(one!.sampling_rate).toBe(32000);
    // Prompts of different token lengths: the batch pads, and still equals two single runs.
    const plan = textToMusic.batch!(ctx)!;
    const singles = [await runCall(textToMusic, ctx, plan.calls[0]), await runCall(textToMusic, ctx, plan.calls[1])];
    const batched = await runCall(textToMusic, ctx, plan.batched);
    await textToMusic.check(batched, plan.batched, ctx);
    const [a, b] = plan.split(batched);
    assertClose(comparable(a), comparable(singles[0]), 'first item of the batch');
    assertClose(comparable(b), comparable(singles[1]), 'second item of the batch');
    for (const extra of textToMusic.extraTests!) await extra.run(ctx);
  });

  test('encodec_decode gets the delay-filtered codes: [1, batch, codebooks, max_new_tokens + 1 - codebooks], no pad id', async () => {
    const ctx = await context();
    const session = ctx.pipe.model.sessions.encodec_decode;
    const run = session.run.bind(session);
    const fed: any[] = [];
    session.run = async (feeds: any, ...rest: unknown[]) => (fed.push(feeds.audio_codes), run(feeds, ...rest));
    try {
      await ctx.pipe(['a drum loop', 'a slow calm piano melody'], { max_new_tokens: MUSIC_NEW_TOKENS });
    } finally {
      session.run = run;
    }
    expect(fed).toHaveLength(1);
    expect(fed[0].dims).toEqual([1, 2, CODEC_CODEBOOKS, FRAMES]);
    const codes = Array.from(fed[0].data as BigInt64Array, Number);
    expect(codes.every((c) => c >= 0 && c < 16)).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(1);
  });

  test('guidance is on (generation_config guidance_scale 3): guidance_scale 1 gives other audio', async () => {
    const ctx = await context();
    const guided = (await ctx.pipe('a drum loop')) as MusicOutput;
    const plain = (await ctx.pipe('a drum loop', { guidance_scale: 1 })) as MusicOutput;
    expect(plain.audio_values.dims).toEqual(guided.audio_values.dims);
    expect(Array.from(plain.audio_values.data)).not.toEqual(Array.from(guided.audio_values.data));
  });
});

describe('the harness fails on altered outputs', () => {

  test('each check', async () => {
    const ctx = await context();
    const call = textToMusic.calls(ctx)[0]!;
    const output = (await runCall(textToMusic, ctx, call)) as MusicOutput;
    textToMusic.check(output, call, ctx);
    const samples = FRAMES * CODEC_HOP;
    const mutations: Record<string, (o: MusicOutput) => unknown> = {
      'no channel axis': (o) => ({ ...o, audio_values: { ...o.audio_values, dims: [1, samples] } }),
      'one frame short': (o) => ({ ...o, audio_values: { ...o.audio_values, dims: [1, 1, samples - CODEC_HOP], data: o.audio_values.data.slice(CODEC_HOP) } }),
      'the delay-pattern frames kept (one per token)': (o) => ({ ...o, audio_values: { ...o.audio_values, dims: [1, 1, (MUSIC_NEW_TOKENS + 1) * CODEC_HOP], data: new Float32Array((MUSIC_NEW_TOKENS + 1) * CODEC_HOP).fill(0.1).map((v, i) => v * (i % 3)) } }),
      'a NaN sample': (o) => ({ ...o, audio_values: { ...o.audio_values, data: o.audio_values.data.map((v, i) => (i === 3 ? Number.NaN : v)) } }),
      'int codes, not samples': (o) => ({ ...o, audio_values: { ...o.audio_values, type: 'int64' } }),
      'silence': (o) => ({ ...o, audio_values: { ...o.audio_values, data: o.audio_values.data.map(() => 0) } }),
      'the text encoder rate': (o) => ({ ...o, sampling_rate: 16000 }),
      'no sampling rate': (o) => ({ audio_values: o.audio_values }),
    };
    for (const mutate of Object.values(mutations)) expect(() => textToMusic.check(mutate(structuredClone(output)), call, ctx)).toThrow(HarnessAssertionError);
    // A batch that lost one item's audio.
    const plan = textToMusic.batch!(ctx)!;
    const batched = (await runCall(textToMusic, ctx, plan.batched)) as MusicOutput;
    const halved = { ...batched, audio_values: { ...batched.audio_values, dims: [1, 1, samples], data: batched.audio_values.data.slice(samples) } };
    expect(() => textToMusic.check(halved, plan.batched, ctx)).toThrow(/expected dims \[2,1,40\]/);
    expect(() => plan.split(halved)).toThrow(HarnessAssertionError);
    // A model that ignores the prompt (always the first audio) and one that ignores max_new_tokens.
    let first: unknown;
    await expect(textToMusic.extraTests![0]!.run(alteredPipe(ctx, (o) => (first ??= o)))).rejects.toThrow(/two different prompts gave the same audio/);
    first = undefined;
    await expect(textToMusic.extraTests![1]!.run(alteredPipe(ctx, (o) => (first ??= o)))).rejects.toThrow(/2 more tokens per codebook gave 40 samples after 40/);
  });
});
