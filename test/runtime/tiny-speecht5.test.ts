/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { harnessFor, HarnessAssertionError, type HarnessContext, type LoadedPipeline } from '../../src/runtime/harness';
import { speechCalls, textToAudio } from '../../src/runtime/harness/media';
import { speakerEmbedding, SPEECHT5_PIPELINE_GAPS, speechT5TextToAudio } from '../../src/runtime/harness/speecht5';
import { loadPipeline, runCall } from '../../src/runtime/describe-model';
import { loadOrt, loadTransformers } from '../../src/runtime/host';
import { chooseModelSourceSync, materialise } from '../../src/runtime/source';
import { startHubServer } from '../helpers/hub-server';
import { buildTinyModel, buildTinyVocoder, tinyArchitectureFor, tinyCoverage } from '../../src/runtime/tiny';
import { catalogCoverage } from '../../src/runtime/tiny/coverage';
import { coverageCatalog } from '../../src/runtime/tiny/coverage-catalog';
import { SPEECHT5_SIZES } from '../../src/runtime/tiny/speecht5-graph';
import { bareSpec, loadedOncePerFile, passesHarness, tinyContext } from './tiny-context';
import { openTinySession } from './tiny-workspace';
import { scratchRoot } from '../helpers/tmp';

/**
 * SpeechT5 text-to-speech as transformers.js 4.3.1 runs it: SpeechT5ForTextToSpeech.generate_speech
 * over encoder_model.onnx and decoder_model_merged.onnx (a stop-probability spectrogram loop), then
 * a HiFi-GAN vocoder model of its own (SpeechT5HifiGan, onnx/model.onnx), with a speaker embedding.
 * Tiny models in the layout of the real exports, loaded by the harness's own loader (which supplies
 * the processor and the vocoder pipeline() leaves out), checked, and every check shown to fail on
 * altered outputs.
 */
const transformers = loadTransformers() as any;
const ort = loadOrt();
jest.setTimeout(120_000);
const TASK = 'text-to-audio';

let cacheDir: string;
beforeAll(() => {
  cacheDir = fs.mkdtempSync(path.join(scratchRoot(), 'tiny-speecht5-'));
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

/** The tiny SpeechT5 (with its tiny vocoder), loaded once and shared by the tests below. */
const sharedContext = loadedOncePerFile(() => tinyContext('speecht5', TASK, cacheDir, 'audio'), (ctx) => ctx.pipe.dispose());
const context = () => sharedContext('speecht5');

describe('registry', () => {
  test('speecht5 text-to-audio (and its alias text-to-speech) is a tiny seq2seq pair with its own harness', () => {
    const expected = { supported: true, kind: 'seq2seq', modelType: 'speecht5', task: TASK, architecture: 'SpeechT5ForTextToSpeech' };
    expect(tinyArchitectureFor('speecht5', TASK)).toEqual(expected);
    expect(tinyArchitectureFor('speecht5', 'text-to-speech')).toEqual(expected);
    expect(tinyCoverage()).toContainEqual({ modelType: 'speecht5', task: TASK, kind: 'seq2seq' });
    expect(catalogCoverage(coverageCatalog()).pairs).toContainEqual(expect.objectContaining({ modelType: 'speecht5', task: TASK, status: 'tiny' }));
    expect(harnessFor(TASK, 'speecht5')).toBe(speechT5TextToAudio);
    expect(harnessFor('text-to-speech', 'speecht5')).toBe(speechT5TextToAudio);
    expect(harnessFor(TASK, 'vits')).toBe(textToAudio);
    expect(transformers.AutoModelForTextToSpectrogram.supports('speecht5')).toBe(true);
    const decision = chooseModelSourceSync(bareSpec('speecht5', TASK, 'audio'), {});
    expect(decision.ok && decision.source.kind).toBe('tiny');
    const other = tinyArchitectureFor('speecht5', 'automatic-speech-recognition');
    expect(!other.supported && other.reason).toMatch(/tiny speecht5 is built for text-to-audio only/);
  });
});

describe('files in the layout of the real exports', () => {
  const names = async (file: string) => {
    const session = await openTinySession(file);
    return { inputs: [...session.inputNames].sort(), outputs: [...session.outputNames].sort() };
  };

  test('speecht5: config, tokenizer, preprocessor, encoder_model and decoder_model_merged', async () => {
    const model = await buildTinyModel({ modelType: 'speecht5', task: TASK, cacheDir });
    expect(model.files).toEqual(['config.json', 'generation_config.json', 'onnx/decoder_model_merged.onnx', 'onnx/encoder_model.onnx', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json']);
    const read = (f: string) => JSON.parse(fs.readFileSync(path.join(model.dir, f), 'utf8'));
    expect(read('config.json')).toMatchObject({ model_type: 'speecht5', architectures: ['SpeechT5ForTextToSpeech'], num_mel_bins: 80, reduction_factor: 2, speaker_embedding_dim: 512, vocab_size: 81 });
    expect(read('preprocessor_config.json')).toMatchObject({ feature_extractor_type: 'SpeechT5FeatureExtractor', processor_class: 'SpeechT5Processor', sampling_rate: 16000 });
    expect(read('tokenizer_config.json')).toMatchObject({ tokenizer_class: 'SpeechT5Tokenizer' });
    expect(await names(path.join(model.dir, 'onnx/encoder_model.onnx'))).toEqual({ inputs: ['input_ids'], outputs: ['encoder_attention_mask', 'encoder_outputs'] });
    const cache = (prefix: string) => [0, 1].flatMap((l) => ['decoder', 'encoder'].flatMap((s) => ['key', 'value'].map((p) => `${prefix}.${l}.${s}.${p}`)));
    expect(await names(path.join(model.dir, 'onnx/decoder_model_merged.onnx'))).toEqual({
      inputs: ['encoder_attention_mask', 'encoder_hidden_states', 'output_sequence', ...cache('past_key_values'), 'speaker_embeddings', 'use_cache_branch'].sort(),
      outputs: ['output_sequence_out', ...cache('present'), 'prob', 'spectrum'].sort(),
    });
  });

  test('the vocoder: its own folder, model_type hifigan, spectrogram [frames, 80] → waveform [frames × 256]', async () => {
    const vocoder = buildTinyVocoder(cacheDir);
    expect(vocoder.modelId).toMatch(/^tiny-random\/hifigan-[0-9a-f]{12}$/);
    expect(vocoder.files).toEqual(['config.json', 'onnx/model.onnx']);
    expect(JSON.parse(fs.readFileSync(path.join(vocoder.dir, 'config.json'), 'utf8'))).toMatchObject({ model_type: 'hifigan', sampling_rate: 16000, upsample_rates: [4, 4, 4, 4], model_in_dim: 80 });
    const file = path.join(vocoder.dir, 'onnx/model.onnx');
    expect(await names(file)).toEqual({ inputs: ['spectrogram'], outputs: ['waveform'] });
    const session = await openTinySession(file);
    const spectrogram = new ort.Tensor('float32', Float32Array.from({ length: 6 * 80 }, (_, i) => Math.sin(i)), [6, 80]);
    const { waveform } = await session.run({ spectrogram });
    expect(waveform.dims).toEqual([6 * 256]);
    expect(buildTinyVocoder(cacheDir)).toMatchObject({ modelId: vocoder.modelId, fromCache: true });
  });

  test('the same inputs give the same bytes; `layers` gives deeper stacks', async () => {
    const other = fs.mkdtempSync(path.join(scratchRoot(), 'tiny-speecht5-again-'));
    try {
      const a = await buildTinyModel({ modelType: 'speecht5', task: TASK, cacheDir });
      const b = await buildTinyModel({ modelType: 'speecht5', task: TASK, cacheDir: other });
      for (const file of a.files) expect(fs.readFileSync(path.join(b.dir, file)).equals(fs.readFileSync(path.join(a.dir, file)))).toBe(true);
      const va = buildTinyVocoder(cacheDir);
      const vb = buildTinyVocoder(other);
      expect(fs.readFileSync(path.join(vb.dir, 'onnx/model.onnx')).equals(fs.readFileSync(path.join(va.dir, 'onnx/model.onnx')))).toBe(true);
      const deep = await buildTinyModel({ modelType: 'speecht5', task: TASK, cacheDir: other, layers: 3 });
      const size = (dir: string, f: string) => fs.statSync(path.join(dir, 'onnx', f)).size;
      expect(size(deep.dir, 'decoder_model_merged.onnx')).toBeGreaterThan(size(a.dir, 'decoder_model_merged.onnx'));
      expect(size(deep.dir, 'encoder_model.onnx')).toBeGreaterThan(size(a.dir, 'encoder_model.onnx'));
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('transformers.js 4.3.1 pipeline() as it loads SpeechT5 (why the harness has its own loader)', () => {
  test('no processor, so the call throws; given a processor and the vocoder, the one-dimensional waveform becomes 0 samples', async () => {
    const model = await buildTinyModel({ modelType: 'speecht5', task: TASK, cacheDir });
    transformers.env.allowRemoteModels = false;
    transformers.env.localModelPath = `${cacheDir}/`;
    const pipe = await transformers.pipeline(TASK, model.modelId, { dtype: 'fp32' });
    const speaker_embeddings = speakerEmbedding(512);
    expect(pipe.processor ?? null).toBeNull();
    expect(pipe.vocoder).toBeNull();
    expect(pipe.DEFAULT_VOCODER_ID).toBe('Xenova/speecht5_hifigan');
    await expect(pipe('Hello there.', { speaker_embeddings })).rejects.toThrow(/Missing the following inputs: output_sequence, speaker_embeddings, encoder_hidden_states/);
    expect(SPEECHT5_PIPELINE_GAPS[0]).toMatch(/Missing the following inputs: output_sequence, speaker_embeddings, encoder_hidden_states/);
    pipe.processor = await transformers.AutoProcessor.from_pretrained(model.modelId);
    pipe.vocoder = await transformers.AutoModel.from_pretrained(buildTinyVocoder(cacheDir).modelId, { dtype: 'fp32' });
    expect(pipe.vocoder.constructor.name).toBe('SpeechT5HifiGan');
    const out = await pipe('Hello there.', { speaker_embeddings });
    expect(out.sampling_rate).toBe(16000);
    expect(out.audio.length).toBe(0);
    expect(SPEECHT5_PIPELINE_GAPS[2]).toMatch(/audio of 0 samples/);
    await pipe.dispose();
    await pipe.vocoder.dispose();
  });
});

describe('runs through the harness', () => {
  test('checks, determinism, input dependence, bad inputs and the extra tests', async () => {
    const ctx = await context();
    const pipe = ctx.pipe as any;
    expect(pipe.model.constructor.name).toBe('SpeechT5ForTextToSpeech');
    expect(pipe.tokenizer.constructor.name).toBe('SpeechT5Tokenizer');
    expect(pipe.processor.constructor.name).toBe('SpeechT5Processor');
    // The vocoder is the tiny one beside the tiny model, not the Hub's.
    expect(pipe.vocoder.constructor.name).toBe('SpeechT5HifiGan');
    expect(pipe.vocoder.config.model_type).toBe('hifigan');
    const [one] = (await passesHarness(ctx, speechT5TextToAudio)) as any[];
    // The tiny decoder's stop probability crosses 0.5 at step `tokens`: reduction_factor 2 frames of 256 samples each.
    const tokens = pipe.tokenizer(speechCalls(ctx)[0]!.input).input_ids.dims[1];
    expect(one.audio.length).toBe(tokens * SPEECHT5_SIZES.stepsPerToken * 2 * 256);
    for (const extra of speechT5TextToAudio.extraTests!) await extra.run(ctx);
  });
});

describe('the harness fails on altered outputs', () => {
  const extraTest = (name: RegExp) => speechT5TextToAudio.extraTests!.find((t) => name.test(t.name))!;
  /** The same context with a pipe whose outputs `alter` changes. */
  const alteredPipe = (ctx: HarnessContext, alter: (output: any, input: any, options: any) => unknown): HarnessContext => {
    const pipe = Object.assign(async (input: unknown, options?: unknown) => alter(await ctx.pipe(input, options), input, options), { ...(ctx.pipe as any) }) as LoadedPipeline;
    return { ...ctx, pipe };
  };
  /** The same context with the model's generate_speech (or the vocoder) replaced. */
  const alteredModel = (ctx: HarnessContext, generate: (original: any, args: any[]) => Promise<any>): HarnessContext => {
    const model = Object.create(ctx.pipe.model);
    model.generate_speech = (...args: any[]) => generate(ctx.pipe.model.generate_speech.bind(ctx.pipe.model), args);
    return { ...ctx, pipe: Object.assign(ctx.pipe.bind(null), { ...(ctx.pipe as any), model }) as LoadedPipeline };
  };

  test('checks, the input-dependence test and the stop/upsampling test each catch a wrong model', async () => {
    const ctx = await context();
    const call = speechT5TextToAudio.calls(ctx)[0]!;
    const output: any = await runCall(speechT5TextToAudio, ctx, call);
    await speechT5TextToAudio.check(output, call, ctx);
    const RawAudio = transformers.RawAudio;
    const wrong: Record<string, (o: any) => unknown> = {
      'no samples': (o) => new RawAudio(new Float32Array(0), o.sampling_rate),
      'a NaN sample': (o) => new RawAudio(o.audio.map((v: number, i: number) => (i === 7 ? Number.NaN : v)), o.sampling_rate),
      'silence': (o) => new RawAudio(new Float32Array(o.audio.length), o.sampling_rate),
      'another sampling rate than the vocoder and processor': (o) => new RawAudio(o.audio, 22050),
      'one sample short of whole frames': (o) => new RawAudio(o.audio.slice(1), o.sampling_rate),
      'half a decoder step more': (o) => new RawAudio(Float32Array.from([...o.audio, ...o.audio.slice(0, 256)]), o.sampling_rate),
      // 11 × the stopped length (tokens steps) is beyond maxlen = tokens / 2 × 20 steps.
      'longer than maxlen allows': (o) => {
        const repeated = new Float32Array(11 * o.audio.length);
        for (let k = 0; k < 11; k++) repeated.set(o.audio, k * o.audio.length);
        return new RawAudio(repeated, o.sampling_rate);
      },
      'samples as a plain array': (o) => ({ audio: Array.from(o.audio), sampling_rate: o.sampling_rate }),
    };
    for (const [name, mutate] of Object.entries(wrong)) {
      await expect(Promise.resolve().then(() => speechT5TextToAudio.check(mutate(output), call, ctx))).rejects.toThrow(HarnessAssertionError);
      expect(name).toBeTruthy();
    }

    // A model that ignores the speaker (always the first voice's audio), or the text (always the first text's).
    let first: any;
    await expect(extraTest(/different/).run(alteredPipe(ctx, (o) => (first ??= o)))).rejects.toThrow(/two speaker embeddings gave the same audio/);
    const byText = new Map<string, any>();
    await expect(extraTest(/different/).run(alteredPipe(ctx, (o, _input, options) => {
      const key = String(options.speaker_embeddings[0]);
      if (!byText.has(key)) byText.set(key, o);
      return byText.get(key);
    }))).rejects.toThrow(/gave the same audio: the text is ignored/);

    // A loop that never stops on its probability runs to maxlen.
    const stopBlind = alteredModel(ctx, (generate, [ids, speaker, options]) => generate(ids, speaker, { ...options, threshold: 1.01 }));
    await expect(extraTest(/stop probability/).run(stopBlind)).rejects.toThrow(/ran to maxlen/);
    // A loop whose maxlen is not generate_speech's (half of it) fails the run with a threshold no probability reaches.
    const shortMaxlen = alteredModel(ctx, (generate, [ids, speaker, options]) => generate(ids, speaker, { ...options, maxlenratio: 10 }));
    await expect(extraTest(/stop probability/).run(shortMaxlen)).rejects.toThrow(/generation ran 120 steps, not maxlen 240/);
    // A call whose audio is not generate_speech's waveform.
    await expect(extraTest(/stop probability/).run(alteredPipe(ctx, (o) => new RawAudio(o.audio.map((v: number) => v * 0.5), o.sampling_rate)))).rejects.toThrow(/the call's audio against generate_speech's waveform/);
    // A vocoder that drops the last frame's samples.
    const shortVocoder = alteredModel(ctx, async (generate, args) => {
      const out = await generate(...args);
      return { ...out, waveform: { ...out.waveform, data: out.waveform.data.slice(256), dims: [out.waveform.data.length - 256] } };
    });
    await expect(extraTest(/stop probability/).run(shortVocoder)).rejects.toThrow(/the vocoder made \d+ samples from \d+ frames/);
  });
});

describe('a Hub checkpoint speaks through transformers.js\'s default vocoder id, fetched with the same Hub settings', () => {
  test('Xenova/speecht5_tts with Xenova/speecht5_hifigan from HF_ENDPOINT into HF_CACHE_DIR; the next run makes no request', async () => {
    const server = await startHubServer({ lifetimeMs: 60_000 });
    try {
      server.addRepo('Xenova/speecht5_tts', (await buildTinyModel({ modelType: 'speecht5', task: TASK, cacheDir })).dir);
      server.addRepo('Xenova/speecht5_hifigan', buildTinyVocoder(cacheDir).dir);
      const spec = { ...bareSpec('speecht5', TASK, 'audio'), modelId: 'microsoft/speecht5_tts', onnxModelId: 'Xenova/speecht5_tts' };
      const hubCache = path.join(cacheDir, 'hub-cache');
      const env = { HF_ALLOW_REMOTE: '1', HF_ENDPOINT: server.url, HF_CACHE_DIR: hubCache };
      const speak = async () => {
        const before = server.requests.length;
        const decision = chooseModelSourceSync(spec, env);
        if (!decision.ok) throw new Error(decision.reason);
        const source = await materialise(spec, decision.source, env);
        const pipe = await loadPipeline(spec, source, 'cpu');
        const ctx: HarnessContext = { spec, pipe, labels: [], realCheckpoint: true };
        const call = speechT5TextToAudio.calls(ctx)[0]!;
        const output = await runCall(speechT5TextToAudio, ctx, call);
        await speechT5TextToAudio.check(output, call, ctx);
        await pipe.dispose();
        return { output: output as any, requests: server.requests.slice(before).map((r) => r.url) };
      };
      const first = await speak();
      expect(first.requests).toEqual(expect.arrayContaining([
        '/Xenova/speecht5_tts/resolve/main/onnx/decoder_model_merged.onnx',
        '/Xenova/speecht5_tts/resolve/main/preprocessor_config.json',
        '/Xenova/speecht5_hifigan/resolve/main/config.json',
        '/Xenova/speecht5_hifigan/resolve/main/onnx/model.onnx',
      ]));
      const second = await speak();
      expect(second.requests).toEqual([]);
      expect(Array.from(second.output.audio)).toEqual(Array.from(first.output.audio));
    } finally {
      await server.close();
    }
  });
});
