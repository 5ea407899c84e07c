/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tinyWorkspace } from './tiny-workspace';
import { buildTinyModel, tinyArchitectureFor, tinyCoverage, TINY_SESSION_OPTIONS } from '../../src/runtime/tiny';
import { SEQ2SEQ_BUILDER_REVISION, SPECTROGRAM_SEQ2SEQ, renderSeq2SeqFiles } from '../../src/runtime/tiny/seq2seq';
import { loadTransformers } from '../../src/runtime/host';
import { scratchRoot } from '../helpers/tmp';

// The host realm's inference stack, as the runtime uses it: loaded and compiled once per worker, not per test file.
const { RawImage, Tensor, env, pipeline } = loadTransformers();

jest.setTimeout(60_000);

const NEW_TOKENS = 4;
const GREEDY = { max_new_tokens: NEW_TOKENS, min_new_tokens: NEW_TOKENS, do_sample: false };

const workspace = tinyWorkspace('tiny encoder-decoders', { env, pipeline });

/** Inputs for a family's pipeline; translation with language-coded tokenizers needs `tgt_lang`. */
function pipelineOptions(pipe: any, task: string): Record<string, unknown> {
  const codes = pipe.tokenizer?.language_codes;
  if (task === 'translation' && Array.isArray(codes)) return { ...GREEDY, src_lang: codes[0], tgt_lang: codes[1] };
  return GREEDY;
}

function tone(frequency: number, seconds = 1, rate = 16000): Float32Array {
  const samples = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < samples.length; i++) samples[i] = 0.5 * Math.sin((2 * Math.PI * frequency * i) / rate);
  return samples;
}

function gradient(seed: number): InstanceType<typeof RawImage> {
  const data = new Uint8ClampedArray(64 * 64 * 3);
  for (let y = 0; y < 64; y++) {
    for (let x = 0; x < 64; x++) {
      const i = (y * 64 + x) * 3;
      data[i] = (x * 4 + seed * 37) & 255;
      data[i + 1] = (y * 4 + seed * 91) & 255;
      data[i + 2] = ((x + y) * 2 + seed * 53) & 255;
    }
  }
  return new RawImage(data, 64, 64, 3);
}

/** Two clearly different inputs per modality, and how to turn one into encoder inputs. */
const SAMPLES = {
  text: ['The quick brown fox jumps over the lazy dog.', 'I love this movie, it was great!'],
  speech: [tone(440), tone(1760)],
  waveform: [tone(440), tone(1760)],
  'log-mel': [tone(440), tone(1760)],
  vision: [gradient(0), gradient(3)],
};

async function encoderInputs(pipe: any, modelType: string, input: unknown): Promise<Record<string, unknown>> {
  if (modelType === 'whisper') return { input_features: (await pipe.processor(input)).input_features };
  if (modelType === 'vision-encoder-decoder') return { pixel_values: (await pipe.processor(input)).pixel_values };
  if (modelType === 'moonshine') return { input_values: (await pipe.processor(input)).input_values };
  if (modelType === 'cohere_asr') return { input_features: (await pipe.processor(input)).input_features };
  return pipe.tokenizer(input);
}

function modalityOf(modelType: string): keyof typeof SAMPLES {
  if (modelType === 'moonshine') return 'waveform';
  if (modelType === 'cohere_asr') return 'log-mel';
  return modelType === 'whisper' ? 'speech' : modelType === 'vision-encoder-decoder' ? 'vision' : 'text';
}


/** Logits of the decoder's last position for `decoderIds` over the encoder inputs `inputs` (one full pass, empty cache). */
async function lastLogits(pipe: any, inputs: Record<string, unknown>, decoderIds: number[]): Promise<Float32Array> {
  const decoder_input_ids = new Tensor('int64', BigInt64Array.from(decoderIds.map(BigInt)), [1, decoderIds.length]);
  const { logits } = await pipe.model({ ...inputs, decoder_input_ids });
  const vocab = logits.dims[2];
  return (logits.data as Float32Array).slice((decoderIds.length - 1) * vocab, decoderIds.length * vocab);
}

const maxAbsDifference = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
const argmax = (row: Float32Array) => row.reduce((best, v, i) => (v > row[best]! ? i : best), 0);

describe('tinyArchitectureFor: encoder-decoders', () => {
  it('maps the seq2seq families to the classes transformers.js generates with', () => {
    expect(tinyArchitectureFor('t5', 'text2text-generation')).toEqual({
      supported: true,
      kind: 'seq2seq',
      modelType: 't5',
      task: 'text2text-generation',
      architecture: 'T5ForConditionalGeneration',
    });
    expect(tinyArchitectureFor('t5', 'summarization')).toMatchObject({ kind: 'seq2seq', architecture: 'T5ForConditionalGeneration' });
    expect(tinyArchitectureFor('bart', 'summarization')).toMatchObject({ kind: 'seq2seq', architecture: 'BartForConditionalGeneration' });
    expect(tinyArchitectureFor('marian', 'translation')).toMatchObject({ kind: 'seq2seq', architecture: 'MarianMTModel' });
    expect(tinyArchitectureFor('mbart', 'translation')).toMatchObject({ kind: 'seq2seq', architecture: 'MBartForConditionalGeneration' });
    expect(tinyArchitectureFor('m2m_100', 'translation')).toMatchObject({ kind: 'seq2seq', architecture: 'M2M100ForConditionalGeneration' });
    expect(tinyArchitectureFor('whisper', 'asr')).toMatchObject({ kind: 'seq2seq', task: 'automatic-speech-recognition', architecture: 'WhisperForConditionalGeneration' });
    expect(tinyArchitectureFor('cohere_asr', 'asr')).toMatchObject({ kind: 'seq2seq', architecture: 'CohereAsrForConditionalGeneration' });
    expect(tinyArchitectureFor('moonshine', 'asr')).toMatchObject({ kind: 'seq2seq', task: 'automatic-speech-recognition', architecture: 'MoonshineForConditionalGeneration' });
    expect(tinyArchitectureFor('vision-encoder-decoder', 'image-to-text')).toMatchObject({ kind: 'seq2seq', architecture: 'VisionEncoderDecoderModel' });
  });

  it('gives a specific reason for what stays unsupported', () => {
    expect(tinyArchitectureFor('t5', 'fill-mask')).toEqual({ supported: false, reason: expect.stringMatching(/no t5 class for task "fill-mask".*covers: text2text-generation, summarization, translation/) });
    // The base model: transformers.js's feature-extraction pipeline gives its decoder no input_ids (measured).
    expect(tinyArchitectureFor('bart', 'feature-extraction')).toEqual({ supported: false, reason: expect.stringMatching(/^bart \(feature-extraction\):.*seq2seq_forward.*"Missing the following inputs: input_ids"/) });
    expect(tinyArchitectureFor('whisper', 'feature-extraction')).toEqual({ supported: false, reason: expect.stringMatching(/encoder session reads audio input_features/) });
    expect(tinyArchitectureFor('whisper', 'translation')).toEqual({ supported: false, reason: expect.stringMatching(/covers: automatic-speech-recognition/) });
    expect(tinyArchitectureFor('speech_to_text', 'automatic-speech-recognition')).toEqual({ supported: false, reason: expect.stringMatching(/no Speech2Text model class/) });
    expect(tinyArchitectureFor('pegasus', 'summarization')).toEqual({ supported: false, reason: expect.stringMatching(/no Pegasus model class/) });
    expect(tinyArchitectureFor('nllb', 'translation')).toEqual({ supported: false, reason: expect.stringMatching(/build m2m_100 instead/) });
  });

  it('lists every encoder-decoder pair in tinyCoverage', () => {
    const seq2seq = tinyCoverage().filter((c) => c.kind === 'seq2seq');
    expect(seq2seq).toEqual(expect.arrayContaining([
      { modelType: 't5', task: 'translation', kind: 'seq2seq' },
      { modelType: 'whisper', task: 'automatic-speech-recognition', kind: 'seq2seq' },
      { modelType: 'vision-encoder-decoder', task: 'image-to-text', kind: 'seq2seq' },
    ]));
    for (const { modelType, task } of seq2seq) expect(tinyArchitectureFor(modelType, task)).toMatchObject({ supported: true, kind: 'seq2seq' });
  });

  it('refuses to render a family or task it does not cover', () => {
    expect(() => renderSeq2SeqFiles('bert', 'fill-mask', 'BertForMaskedLM', 'seed')).toThrow(/"bert" is not a tiny encoder-decoder family/);
    expect(() => renderSeq2SeqFiles('whisper', 'translation', 'WhisperForConditionalGeneration', 'seed')).toThrow(/not built for task "translation"/);
  });
});

describe('files, determinism and cache', () => {
  it('writes the Hugging Face seq2seq layout, byte-identical across cache roots, and reuses the cache', async () => {
    const otherRoot = fs.mkdtempSync(path.join(scratchRoot(), 'tiny-seq2seq-b-'));
    try {
      const a = await buildTinyModel({ modelType: 'whisper', task: 'automatic-speech-recognition', cacheDir: workspace.cacheDir });
      const b = await buildTinyModel({ modelType: 'whisper', task: 'automatic-speech-recognition', cacheDir: otherRoot });
      expect(a.files).toEqual([
        'config.json',
        'generation_config.json',
        'onnx/decoder_model_merged.onnx',
        'onnx/encoder_model.onnx',
        'preprocessor_config.json',
        'tokenizer.json',
        'tokenizer_config.json',
      ]);
      expect(b.modelId).toBe(a.modelId);
      for (const file of a.files) expect(fs.readFileSync(path.join(b.dir, file)).equals(fs.readFileSync(path.join(a.dir, file)))).toBe(true);

      const decoderFile = path.join(a.dir, 'onnx/decoder_model_merged.onnx');
      const before = fs.statSync(decoderFile).mtimeMs;
      const again = await buildTinyModel({ modelType: 'whisper', task: 'automatic-speech-recognition', cacheDir: workspace.cacheDir });
      expect(again).toEqual({ ...a, fromCache: true });
      expect(fs.statSync(decoderFile).mtimeMs).toBe(before);
      expect(a.kind).toBe('seq2seq');
      expect(SEQ2SEQ_BUILDER_REVISION).toBeGreaterThan(0);

      // Different tasks of one family are different models (own weights, own cache entry).
      const summarizer = await buildTinyModel({ modelType: 't5', task: 'summarization', cacheDir: workspace.cacheDir });
      const translator = await buildTinyModel({ modelType: 't5', task: 'translation', cacheDir: workspace.cacheDir });
      expect(summarizer.dir).not.toBe(translator.dir);
      expect(fs.readFileSync(path.join(summarizer.dir, 'onnx/encoder_model.onnx')).equals(fs.readFileSync(path.join(translator.dir, 'onnx/encoder_model.onnx')))).toBe(false);
    } finally {
      fs.rmSync(otherRoot, { recursive: true, force: true });
    }
  });

  it('declares the config keys transformers.js reads for each family', async () => {
    const read = async (modelType: string, task: string) => {
      const model = await buildTinyModel({ modelType, task, cacheDir: workspace.cacheDir });
      const json = (file: string) => JSON.parse(fs.readFileSync(path.join(model.dir, file), 'utf8'));
      return { config: json('config.json'), generation: json('generation_config.json'), tokenizer: json('tokenizer_config.json'), model, json };
    };
    const t5 = await read('t5', 'text2text-generation');
    expect(t5.config).toMatchObject({ is_encoder_decoder: true, num_layers: 2, num_decoder_layers: 2, num_heads: 4, d_kv: 8, decoder_start_token_id: 0, pad_token_id: 0, eos_token_id: 1 });
    const marian = await read('marian', 'translation');
    expect(marian.config).toMatchObject({ decoder_layers: 2, decoder_attention_heads: 4, d_model: 32, eos_token_id: 0 });
    expect(marian.config.decoder_start_token_id).toBe(marian.config.pad_token_id);
    const whisper = await read('whisper', 'automatic-speech-recognition');
    expect(whisper.generation).toMatchObject({ is_multilingual: true, task_to_id: { transcribe: expect.any(Number) }, no_timestamps_token_id: expect.any(Number) });
    expect(whisper.generation.lang_to_id['<|en|>']).toEqual(expect.any(Number));
    expect(whisper.json('preprocessor_config.json')).toMatchObject({ feature_extractor_type: 'WhisperFeatureExtractor', feature_size: 80, hop_length: 160 });
    const ved = await read('vision-encoder-decoder', 'image-to-text');
    expect(ved.config).toMatchObject({ is_encoder_decoder: true, encoder: { model_type: 'vit' }, decoder: { model_type: 'gpt2', n_layer: 2, add_cross_attention: true } });
    expect(ved.json('preprocessor_config.json')).toMatchObject({ image_processor_type: 'ViTImageProcessor' });
  });
});

const FAMILIES: Array<[string, string]> = [
  ['t5', 'text2text-generation'],
  ['bart', 'summarization'],
  ['marian', 'translation'],
  ['mbart', 'translation'],
  ['m2m_100', 'translation'],
  ['whisper', 'automatic-speech-recognition'],
  ['moonshine', 'automatic-speech-recognition'],
  ['cohere_asr', 'automatic-speech-recognition'],
  ['vision-encoder-decoder', 'image-to-text'],
];

describe.each(FAMILIES)('%s / %s', (modelType, task) => {
  let pipe: any;
  const modality = modalityOf(modelType);
  const crossCache = modelType !== 'vision-encoder-decoder';

  beforeAll(async () => {
    ({ pipe } = await workspace.buildAndLoad(modelType, task));
  });

  afterAll(async () => {
    await pipe?.dispose();
  });

  it('loads both graphs in onnxruntime with the inputs and outputs transformers.js uses', async () => {
    // The onnxruntime sessions the pipeline opened on onnx/encoder_model.onnx and onnx/decoder_model_merged.onnx.
    expect(Object.keys(pipe.model.sessions).sort()).toEqual(['decoder_model_merged', 'model']);
    const { model: encoder, decoder_model_merged: decoder } = pipe.model.sessions;
    const encoderInputNames = { text: ['input_ids', 'attention_mask'], speech: ['input_features'], waveform: ['input_values'], 'log-mel': ['input_features'], vision: ['pixel_values'] }[modality];
    expect(encoder.inputNames).toEqual(encoderInputNames);
    expect(encoder.outputNames).toEqual(['last_hidden_state']);
    const cacheInputs = crossCache
      ? ['past_key_values.0.decoder.key', 'past_key_values.0.decoder.value', 'past_key_values.0.encoder.key', 'past_key_values.1.encoder.value']
      : ['past_key_values.0.key', 'past_key_values.1.value'];
    expect(decoder.inputNames).toEqual(expect.arrayContaining(['input_ids', 'encoder_hidden_states', ...cacheInputs]));
    expect(decoder.inputNames.includes('encoder_attention_mask')).toBe(modality === 'text');
    expect(decoder.outputNames).toEqual(expect.arrayContaining(['logits', ...cacheInputs.map((n) => n.replace('past_key_values', 'present'))]));
  });

  if (modelType === 'cohere_asr') {
    it("starts from CohereAsrProcessor's ten-token prompt, every token in the vocabulary", async () => {
      const prompt: number[] = pipe.processor.get_decoder_prompt_ids('en');
      expect(prompt).toHaveLength(10);
      for (const id of prompt) expect(id).toEqual(expect.any(Number));
      expect(pipe.tokenizer.decode(prompt, { skip_special_tokens: true })).toBe('');
    });
  }

  it('runs its transformers.js pipeline offline and returns text', async () => {
    const [input] = SAMPLES[modality];
    const output = await pipe(input, pipelineOptions(pipe, task));
    const text = Array.isArray(output) ? Object.values(output[0])[0] : output.text;
    expect(typeof text).toBe('string');
    expect((text as string).length).toBeGreaterThan(0);
  });

  it(`generates exactly ${NEW_TOKENS} new tokens and is deterministic`, async () => {
    const inputs = await encoderInputs(pipe, modelType, SAMPLES[modality][0]);
    const generate = async () => Array.from((await pipe.model.generate({ ...(modelType === 'whisper' ? { inputs: inputs.input_features } : inputs), ...GREEDY })).data as BigInt64Array, Number);
    const ids = await generate();
    // Whisper starts from <|startoftranscript|> <|en|> <|transcribe|> <|notimestamps|>; the others from one start token.
    const startTokens = modelType === 'whisper' ? 4 : 1;
    expect(ids).toHaveLength(startTokens + NEW_TOKENS);
    expect(ids[0]).toBe(pipe.model.generation_config.decoder_start_token_id ?? pipe.model.config.decoder_start_token_id);
    expect(await generate()).toEqual(ids);
  });

  it('decoder reads the encoder output: different inputs give different logits and generations', async () => {
    const [a, b] = SAMPLES[modality];
    const start = [pipe.model.config.decoder_start_token_id as number];
    const logitsFor = async (input: unknown) => lastLogits(pipe, await encoderInputs(pipe, modelType, input), start);
    const difference = maxAbsDifference(await logitsFor(a), await logitsFor(b));
    expect(difference).toBeGreaterThan(1e-2);
    expect(maxAbsDifference(await logitsFor(a), await logitsFor(a))).toBe(0);
  });

  it('decoder reads its past: the cached generation agrees with full passes, and the prefix changes the next token', async () => {
    const input = SAMPLES[modality][0];
    const inputs = await encoderInputs(pipe, modelType, input);
    const generated = Array.from((await pipe.model.generate({ ...(modelType === 'whisper' ? { inputs: inputs.input_features } : inputs), ...GREEDY })).data as BigInt64Array, Number);
    // Each cached step must pick what a fresh full pass over the same prefix picks.
    const startTokens = generated.length - NEW_TOKENS;
    // Over the encoder inputs generate() was given (Whisper's are a 30 s log-mel spectrogram: computed once).
    for (let end = startTokens; end < generated.length; end++) {
      expect(argmax(await lastLogits(pipe, inputs, generated.slice(0, end)))).toBe(generated[end]);
    }
    // Same last token, different earlier tokens: the decoder's self-attention over its past shows.
    const last = generated.at(-1)!;
    const withPrefix = (prefix: number[]) => lastLogits(pipe, inputs, [generated[0]!, ...prefix, last]);
    const prefixA = generated.slice(1, -1);
    const vocab = pipe.model.config.vocab_size ?? pipe.model.config.decoder.vocab_size;
    const prefixB = prefixA.map((id) => (id + 7) % vocab);
    expect(maxAbsDifference(await withPrefix(prefixA), await withPrefix(prefixB))).toBeGreaterThan(1e-3);
  });
});

describe('every covered encoder-decoder pair runs its pipeline', () => {
  const deeplyTested = new Set(FAMILIES.map(([modelType, task]) => `${modelType}/${task}`));
  // Donut's document-question-answering takes an image and a question: tiny-vision-documents.test.ts runs it.
  // SpeechT5 speaks through generate_speech and a vocoder, not generate(): test/runtime/tiny-speecht5.test.ts runs it.
  const rest = tinyCoverage().filter((c) => c.kind === 'seq2seq' && !deeplyTested.has(`${c.modelType}/${c.task}`) && c.task !== 'document-question-answering' && !(c.modelType in SPECTROGRAM_SEQ2SEQ));

  it.each(rest.map((c) => [c.modelType, c.task] as const))('%s / %s', async (modelType, task) => {
    const { pipe } = await workspace.buildAndLoad(modelType, task);
    try {
      const inputs = pipe.tokenizer('alpha beta gamma delta');
      const ids = Array.from((await pipe.model.generate({ ...inputs, ...GREEDY })).data as BigInt64Array, Number);
      expect(ids).toHaveLength(1 + NEW_TOKENS);
      const [result] = await pipe('The quick brown fox jumps over the lazy dog.', pipelineOptions(pipe, task));
      expect(Object.values(result)).toEqual([expect.any(String)]);
    } finally {
      await pipe.dispose();
    }
  });
});

describe('translation with language-coded tokenizers', () => {
  it.each([
    ['m2m_100', 'fr', '__fr__'],
    ['mbart', 'ro_RO', 'ro_RO'],
  ])('%s forces the target language token as the first generated token', async (modelType, tgtLang, token) => {
    const model = await buildTinyModel({ modelType, task: 'translation', cacheDir: workspace.cacheDir });
    const pipe: any = await pipeline('translation', model.modelId, { device: 'cpu', dtype: 'fp32', session_options: { ...TINY_SESSION_OPTIONS } } as never);
    try {
      expect(pipe.tokenizer.language_codes).toContain(tgtLang);
      await expect(pipe('Life is like a box of chocolates.', GREEDY)).rejects.toThrow(/Target language code "undefined" is not valid/);
      const [{ translation_text }] = await pipe('Life is like a box of chocolates.', { ...GREEDY, tgt_lang: tgtLang });
      expect(translation_text).not.toContain(token);
      // The source language token wraps the input as the real tokenizers do.
      const ids: number[] = pipe.tokenizer.encode('hello world');
      expect(ids).toContain(pipe.tokenizer.convert_tokens_to_ids(modelType === 'm2m_100' ? '__en__' : 'en_XX'));
      expect(ids).toContain(pipe.tokenizer.eos_token_id);
    } finally {
      await pipe.dispose();
    }
  });
});
