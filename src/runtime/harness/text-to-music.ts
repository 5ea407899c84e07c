import { fail, InvalidInputError, preview } from './assert';
import { assertDims, modelClassPipeline, plainTensor, type PlainTensor } from './model-class';
import { pick } from './text';
import type { Call, HarnessContext, TaskHarness } from './types';

/**
 * `text-to-audio` for MusicGen, which transformers.js 4.3.1's text-to-audio pipeline cannot run (it
 * calls this.model(inputs) once and reads `waveform`): AutoTokenizer + MusicgenForConditionalGeneration,
 * whose generate() runs text_encoder → decoder_model_merged over delay-patterned codebooks (with
 * classifier-free guidance when guidance_scale > 1) → encodec_decode and returns audio_values
 * [batch, channels, samples]. A text or a list of texts (a padded batch) →
 * `{ audio_values, sampling_rate }`; greedy unless the call says `do_sample`.
 */

/** Tokens per codebook row; with the delay pattern this gives max_new_tokens + 1 − num_codebooks frames. */
export const MUSIC_NEW_TOKENS = 8;

export interface MusicOutput {
  audio_values: PlainTensor;
  sampling_rate: number;
}

interface MusicgenConfig {
  decoder: { num_codebooks: number; audio_channels?: number };
  audio_encoder: { sampling_rate: number; upsampling_ratios: number[] };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const musicgenConfig = (ctx: HarnessContext) => ctx.pipe.model.config as any as MusicgenConfig;

/** Samples per EnCodec frame: EncodecConfig.hop_length, the product of the decoder's upsampling ratios. */
export const hopLength = (config: MusicgenConfig) => config.audio_encoder.upsampling_ratios.reduce((a, b) => a * b, 1);

/** Frames every codebook has after _apply_and_filter_by_delay_pattern_mask (the start token is not one). */
export const delayedFrames = (newTokens: number, codebooks: number) => newTokens + 1 - codebooks;

const newTokensOf = (call: Call) => (call.options?.max_new_tokens as number | undefined) ?? MUSIC_NEW_TOKENS;

function musicCalls(ctx: HarnessContext): Call[] {
  return pick(ctx.spec.inputs.texts.filter((t) => t.trim()), ['80s pop track with bassy drums and synth', 'a calm piano melody'])
    .map((text) => ({ label: `prompt ${preview(text, 60)}`, input: text, options: { max_new_tokens: MUSIC_NEW_TOKENS } }));
}

function validatePrompts(call: Call, ctx: HarnessContext): void {
  const prompts = Array.isArray(call.input) ? call.input : [call.input];
  for (const prompt of prompts) {
    if (typeof prompt !== 'string') throw new InvalidInputError(`${call.label}: expected a text prompt, got ${preview(prompt)}`);
    if (prompt.trim() === '') throw new InvalidInputError(`${call.label}: empty prompt; describe the music to generate`);
  }
  const codebooks = musicgenConfig(ctx).decoder.num_codebooks;
  const tokens = newTokensOf(call);
  if (!Number.isInteger(tokens) || tokens < codebooks) {
    throw new InvalidInputError(`${call.label}: max_new_tokens ${preview(tokens)} gives no audio frame; the delay pattern over ${codebooks} codebooks needs at least ${codebooks}`);
  }
}

export const textToMusic: TaskHarness = {
  task: 'text-to-audio',
  calls: musicCalls,
  batch(ctx) {
    const [a, b] = musicCalls(ctx) as [Call, Call];
    return {
      calls: [a, b],
      batched: { label: 'batch of two prompts', input: [a.input, b.input], options: a.options },
      split(output: unknown) {
        const { audio_values: audio, sampling_rate } = (output ?? {}) as Partial<MusicOutput>;
        if (audio?.dims?.[0] !== 2) fail(`batched audio_values: expected dims [2, channels, samples], got ${preview(audio?.dims)}`);
        const per = audio.data.length / 2;
        const item = (i: number) => ({ audio_values: { ...audio, dims: [1, ...audio.dims.slice(1)], data: audio.data.slice(i * per, (i + 1) * per) }, sampling_rate });
        return [item(0), item(1)];
      },
    };
  },
  validate: validatePrompts,
  check(output, call, ctx) {
    const config = musicgenConfig(ctx);
    const { audio_values: audio, sampling_rate } = (output ?? {}) as Partial<MusicOutput>;
    const batch = Array.isArray(call.input) ? call.input.length : 1;
    const samples = delayedFrames(newTokensOf(call), config.decoder.num_codebooks) * hopLength(config);
    assertDims(audio, 'audio_values', [batch, config.decoder.audio_channels ?? 1, samples]);
    if (audio.type !== 'float32') fail(`audio_values: expected float32 samples, got ${audio.type}`);
    if (sampling_rate !== config.audio_encoder.sampling_rate) fail(`sampling_rate: expected the codec's ${config.audio_encoder.sampling_rate} Hz (audio_encoder.sampling_rate), got ${preview(sampling_rate)}`);
    if (audio.data.every((v) => v === audio.data[0])) fail(`audio_values: every sample is ${audio.data[0]}; the codec decoded nothing`);
  },
  badInputs: () => [
    { name: 'empty prompt', call: { label: 'empty prompt', input: '  ' }, error: /empty prompt/ },
    { name: 'not text', call: { label: 'a number', input: 42 }, error: /expected a text prompt, got 42/ },
    { name: 'too few tokens for one frame', call: { label: 'two tokens', input: 'drums', options: { max_new_tokens: 2 } }, error: /max_new_tokens 2 gives no audio frame/ },
  ],
  extraTests: [
    {
      name: 'the prompt steers the audio',
      async run(ctx) {
        const on = async (text: string) => (await ctx.pipe(text, { max_new_tokens: MUSIC_NEW_TOKENS })) as MusicOutput;
        const [a, b] = [await on('slow sad violin'), await on('fast loud electronic drums')];
        if (a.audio_values.data.every((v, i) => v === b.audio_values.data[i])) fail('audio_values: two different prompts gave the same audio; the decoder ignores the text encoder');
      },
    },
    {
      name: 'more new tokens give more frames',
      async run(ctx) {
        const config = musicgenConfig(ctx);
        const length = async (tokens: number) => ((await ctx.pipe('a drum loop', { max_new_tokens: tokens })) as MusicOutput).audio_values.dims[2];
        const [short, long] = [await length(MUSIC_NEW_TOKENS), await length(MUSIC_NEW_TOKENS + 2)];
        if (long !== short + 2 * hopLength(config)) fail(`audio_values: 2 more tokens per codebook gave ${long} samples after ${short}; expected 2 more frames of ${hopLength(config)}`);
      },
    },
  ],
  async load({ transformers, modelId, options }) {
    const tokenizer = await transformers.AutoTokenizer.from_pretrained(modelId, options as never);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const model = (await (transformers as any).MusicgenForConditionalGeneration.from_pretrained(modelId, options)) as any;
    return modelClassPipeline('text-to-audio', model, tokenizer, async (input, callOptions) => {
      // A batch pads its prompts; the encoder and cross-attention mask the padding.
      const inputs = (tokenizer as unknown as (t: unknown, o: unknown) => Record<string, unknown>)(input, { padding: true });
      const audio = await model.generate({ ...inputs, do_sample: false, max_new_tokens: MUSIC_NEW_TOKENS, ...callOptions });
      return { audio_values: plainTensor(audio, 'audio_values'), sampling_rate: model.config.audio_encoder.sampling_rate } satisfies MusicOutput;
    });
  },
};
