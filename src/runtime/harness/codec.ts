import { loadTransformers } from '../host';
import { fail, preview } from './assert';
import { syntheticAudio, validateAudio } from './media';
import { assertDims, modelClassPipeline, plainTensor, type PlainTensor } from './model-class';
import { pick } from './text';
import type { Call, HarnessContext, TaskHarness } from './types';

/**
 * Neural audio codecs (DAC, Mimi) under `feature-extraction`: what a legacy test means by a
 * codec's features is its codes. transformers.js 4.3.1 has no pipeline for them; AutoModel loads
 * DacModel / MimiModel (MODEL_MAPPING_NAMES_AUTO_ENCODER), AutoFeatureExtractor their extractor
 * (input_values [1, 1, samples]). Each call encodes (audio_codes [1, codebooks, frames]) and
 * decodes those codes (audio_values [1, 1, frames × hop]).
 */

export interface CodecOutput {
  audio_codes: PlainTensor;
  audio_values: PlainTensor;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type CodecConfig = Record<string, any>;

/** Samples per frame: DAC's hop_length (the product of its downsampling ratios); Mimi's sampling_rate / frame_rate. */
export function codecHop(config: CodecConfig): number {
  if (typeof config.hop_length === 'number') return config.hop_length;
  if (Array.isArray(config.downsampling_ratios)) return config.downsampling_ratios.reduce((a: number, b: number) => a * b, 1);
  if (typeof config.frame_rate === 'number' && typeof config.sampling_rate === 'number') return Math.round(config.sampling_rate / config.frame_rate);
  fail(`${config.model_type} config: no hop_length, downsampling_ratios or frame_rate to tie frames to samples`);
}

const codebookCount = (config: CodecConfig): number => config.n_codebooks ?? config.num_quantizers;

function samplingRate(ctx: HarnessContext): number {
  const rate = ctx.pipe.processor?.config?.sampling_rate;
  return typeof rate === 'number' && rate > 0 ? rate : 16000;
}

function codecCalls(ctx: HarnessContext): Call[] {
  const rate = samplingRate(ctx);
  const names = pick(ctx.spec.inputs.audio, ['synthetic 440 Hz tone', 'synthetic 660 Hz tone']);
  const calls: Call[] = names.map((name, i) => ({ label: `audio (in memory, standing for ${preview(name, 60)})`, input: syntheticAudio(rate, 1, 440 + 220 * i) }));
  // A length that is no multiple of the hop: the last frame is a partial one.
  const odd = syntheticAudio(rate, 0.25, 880).subarray(0, Math.round(rate * 0.25) - 3);
  calls.push({ label: 'audio of a quarter second minus 3 samples', input: Float32Array.from(odd) });
  return calls;
}

export const codecFeatures: TaskHarness = {
  task: 'feature-extraction',
  calls: codecCalls,
  validate: validateAudio,
  check(output, call, ctx) {
    const config = ctx.pipe.model.config as CodecConfig;
    const { audio_codes: codes, audio_values: audio } = (output ?? {}) as Partial<CodecOutput>;
    const samples = (call.input as Float32Array).length;
    const hop = codecHop(config);
    const frames = codes?.dims?.[2] ?? -1;
    if (frames !== Math.floor(samples / hop) && frames !== Math.ceil(samples / hop)) {
      fail(`audio_codes: ${samples} samples at ${hop} per frame make ${Math.ceil(samples / hop)} frames, got dims [${codes?.dims}]`);
    }
    assertDims(codes, 'audio_codes', [1, codebookCount(config), frames]);
    const size = config.codebook_size as number;
    codes.data.forEach((c, i) => {
      if (!Number.isInteger(c) || c < 0 || c >= size) fail(`audio_codes[${i}] = ${c} is not an entry of a ${size}-entry codebook`);
    });
    if (codes.data.every((c) => c === codes.data[0])) fail(`audio_codes: every code is ${codes.data[0]}; the encoder ignored the audio`);
    assertDims(audio, 'audio_values', [1, 1, frames * hop]);
    if (audio.data.every((v) => v === 0)) fail('audio_values: the decoded audio is silence');
  },
  badInputs: () => [
    { name: 'empty audio', call: { label: 'empty audio', input: new Float32Array(0) }, error: /empty audio/ },
    { name: 'NaN sample', call: { label: 'audio with a NaN', input: Float32Array.from([0, Number.NaN, 0]) }, error: /sample 1 is NaN/ },
    { name: 'not samples', call: { label: 'a file name', input: 'speech.wav' }, error: /expected audio samples as a Float32Array/ },
  ],
  extraTests: [
    {
      name: 'decoding other codes gives other audio, the same codes the same audio',
      async run(ctx) {
        const call = codecCalls(ctx)[0]!;
        const { audio_codes: codes, audio_values: audio } = (await ctx.pipe(call.input)) as CodecOutput;
        const { Tensor } = loadTransformers();
        const decode = async (data: Int32Array) =>
          plainTensor((await ctx.pipe.model.decode({ audio_codes: new Tensor('int64', BigInt64Array.from(data, BigInt), codes.dims) })).audio_values, 'audio_values');
        const again = await decode(Int32Array.from(codes.data));
        if (again.data.some((v, i) => v !== audio.data[i])) fail('decode: the same codes decoded twice gave different audio');
        const changed = Int32Array.from(codes.data);
        changed[0] = (changed[0]! + 1) % (ctx.pipe.model.config.codebook_size as number);
        const other = await decode(changed);
        if (other.data.every((v, i) => v === audio.data[i])) fail('decode: changing a code left the audio unchanged; the decoder ignores its codes');
      },
    },
  ],
  async load({ transformers, modelId, options }) {
    const model = await transformers.AutoModel.from_pretrained(modelId, options as never);
    const extractor = await transformers.AutoFeatureExtractor.from_pretrained(modelId, options as never);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const codec = model as any;
    return modelClassPipeline('feature-extraction', model, extractor, async (audio) => {
      const { input_values } = await extractor(audio);
      const { audio_codes } = await codec.encode({ input_values });
      const { audio_values } = await codec.decode({ audio_codes });
      return { audio_codes: plainTensor(audio_codes, 'audio_codes'), audio_values: plainTensor(audio_values, 'audio_values') } satisfies CodecOutput;
    });
  },
};
