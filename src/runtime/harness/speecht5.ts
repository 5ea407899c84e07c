import { loadTransformers } from '../host';
import { buildTinyVocoder } from '../tiny';
import { assertClose, assertObject, fail, InvalidInputError, preview } from './assert';
import { speechCalls, textToAudio } from './media';
import type { Call, HarnessContext, LoadedPipeline, ModelLoadRequest, TaskHarness } from './types';

/**
 * SpeechT5 text-to-speech. transformers.js 4.3.1's TextToAudioPipeline speaks with SpeechT5 only in
 * `_call_text_to_spectrogram`: SpeechT5ForTextToSpeech.generate_speech (encoder_model once, then
 * decoder_model_merged per step until a stop probability ≥ threshold or maxlen), then a HiFi-GAN
 * vocoder, with a `speaker_embeddings` call option. As pipeline() loads it, that path is unreachable
 * and its last step loses the audio (measured on the tiny model, whose files follow the real exports):
 */
export const SPEECHT5_PIPELINE_GAPS = [
  // get_pipeline_files: SUPPORTED_TASKS['text-to-audio'].type is 'text', so include_processor is false.
  "pipeline('text-to-audio') never loads a processor (its task type is \"text\", so get_pipeline_files skips preprocessor_config.json): " +
    'with no processor _call takes _call_text_to_waveform, whose model forward (seq2seq_forward) throws "Missing the following inputs: ' +
    'output_sequence, speaker_embeddings, encoder_hidden_states"',
  // The constructor keeps options.vocoder, but pipeline() builds the pipeline from { task, model, tokenizer, processor } only.
  'pipeline() passes no vocoder option through, so _call_text_to_spectrogram would download Xenova/speecht5_hifigan (DEFAULT_VOCODER_ID) from the Hub',
  // optimum's decoder_postnet_and_vocoder export (Xenova/speecht5_hifigan) returns `waveform` {0: n_samples}.
  "_postprocess_waveform reads waveform.dims as [batch, length], but the vocoder's waveform is one-dimensional [n_samples], so the " +
    'pipeline returns audio of 0 samples (slice(NaN, NaN))',
] as const;

/** generate_speech's defaults (threshold 0.5, maxlenratio 20). */
const STOP_THRESHOLD = 0.5;
const MAX_LEN_RATIO = 20;
/** A threshold no probability reaches: the loop then runs to maxlen. */
const NEVER_STOP = 1.01;

/**
 * A fixed speaker embedding (an x-vector stands here: the legacy tests load theirs from a dataset,
 * which the runtime never downloads): `voice` picks one of a family of smooth, L2-normalised vectors.
 */
export function speakerEmbedding(dim: number, voice = 0): Float32Array {
  const v = new Float32Array(dim);
  for (let i = 0; i < dim; i++) v[i] = Math.sin(0.37 * (i + 1) * (voice + 1)) + 0.5 * Math.cos(0.11 * (i + 3) * (voice + 2));
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** The SpeechT5 pipeline's parts, as the loader assembles them. */
interface SpeechT5Parts {
  model: Any;
  tokenizer: Any;
  vocoder: Any;
  samplingRate: number;
}

function parts(ctx: HarnessContext): SpeechT5Parts {
  const pipe = ctx.pipe as Any;
  return { model: pipe.model, tokenizer: pipe.tokenizer, vocoder: pipe.vocoder, samplingRate: pipe.processor?.feature_extractor?.config?.sampling_rate };
}

function speakerDim(ctx: HarnessContext): number {
  const dim = ctx.pipe.model?.config?.speaker_embedding_dim;
  return typeof dim === 'number' && dim > 0 ? dim : 512;
}

/** Samples the vocoder makes per spectrogram frame: the product of its upsample_rates. */
function upsampling(vocoder: Any): number {
  const rates = vocoder?.config?.upsample_rates;
  if (!Array.isArray(rates) || rates.length === 0) fail(`the vocoder's config has no upsample_rates (got ${preview(rates)})`);
  return rates.reduce((a: number, b: number) => a * b, 1);
}

/** generate_speech's maxlen for a text: floor(encoder length / reduction_factor × maxlenratio). */
function maxSteps(ctx: HarnessContext, text: string): { maxlen: number; tokens: number; r: number } {
  const { model, tokenizer } = parts(ctx);
  const tokens = tokenizer(text).input_ids.dims[1] as number;
  const r = model.config.reduction_factor as number;
  return { maxlen: Math.floor((tokens / r) * MAX_LEN_RATIO), tokens, r };
}

function withVoice(ctx: HarnessContext, calls: Call[], voice = 0): Call[] {
  const speaker = speakerEmbedding(speakerDim(ctx), voice);
  return calls.map((c) => ({ ...c, label: `${c.label}, speaker ${voice}`, options: { ...c.options, speaker_embeddings: speaker } }));
}

function audioOf(output: unknown, what: string): Float32Array {
  assertObject(output, what);
  if (!(output.audio instanceof Float32Array)) fail(`${what}.audio: expected a Float32Array, got ${preview(output.audio)}`);
  return output.audio;
}

const differ = (a: Float32Array, b: Float32Array) => a.length !== b.length || a.some((v, i) => v !== b[i]);

/**
 * The loader: pipeline() for the model and tokenizer (transformers.js's own loading), plus what it
 * leaves out: the processor (AutoProcessor: the sampling rate the pipeline reads) and the vocoder
 * (AutoModel → SpeechT5HifiGan), the tiny one beside a tiny model, else the pipeline's own
 * DEFAULT_VOCODER_ID through the same local/Hub settings. Each call runs what
 * _call_text_to_spectrogram runs (tokenizer, _prepare_speaker_embeddings, generate_speech with the
 * vocoder) and returns the whole waveform as RawAudio at the processor's sampling rate.
 */
async function loadSpeechT5({ transformers, modelId, options, source }: ModelLoadRequest): Promise<LoadedPipeline> {
  const pipe = (await transformers.pipeline('text-to-audio', modelId, options as never)) as Any;
  const processor = pipe.processor ?? (await transformers.AutoProcessor.from_pretrained(modelId, options as never));
  const vocoderId: string = source?.kind === 'tiny' && source.localModelPath ? buildTinyVocoder(source.localModelPath).modelId : pipe.DEFAULT_VOCODER_ID;
  let vocoder: Any;
  try {
    vocoder = pipe.vocoder ?? (await transformers.AutoModel.from_pretrained(vocoderId, options as never));
  } catch (error) {
    throw new Error(`cannot load the SpeechT5 vocoder ${vocoderId} (the HiFi-GAN model that turns the spectrogram into a waveform): ${(error as Error).message}`);
  }
  const { RawAudio } = transformers as Any;
  const speak = async (text: unknown, callOptions?: Record<string, unknown>) => {
    if (typeof text !== 'string') throw new InvalidInputError(`SpeechT5 speaks one text at a time (generate_speech decodes a batch of one), got ${preview(text)}`);
    const { input_ids } = pipe.tokenizer(text, { padding: true, truncation: true });
    const speaker = (await pipe._prepare_speaker_embeddings(callOptions?.speaker_embeddings, input_ids.dims[0])).view(input_ids.dims[0], -1);
    const { waveform } = await pipe.model.generate_speech(input_ids, speaker, { vocoder });
    return new RawAudio(waveform.data, processor.feature_extractor.config.sampling_rate);
  };
  return Object.assign(speak, {
    task: 'text-to-audio',
    model: pipe.model,
    tokenizer: pipe.tokenizer,
    processor,
    vocoder,
    dispose: async () => {
      await pipe.dispose();
      await vocoder.dispose();
    },
  }) as unknown as LoadedPipeline;
}

export const speechT5TextToAudio: TaskHarness = {
  task: 'text-to-audio',
  calls: (ctx) => withVoice(ctx, speechCalls(ctx)),
  validate(call, ctx) {
    textToAudio.validate(call, ctx);
    const speaker = call.options?.speaker_embeddings;
    const dim = speakerDim(ctx);
    if (!(speaker instanceof Float32Array)) throw new InvalidInputError(`${call.label}: SpeechT5 needs a speaker_embeddings Float32Array of ${dim} values (an x-vector), got ${preview(speaker)}`);
    if (speaker.length !== dim) throw new InvalidInputError(`${call.label}: the speaker embedding has ${speaker.length} values; this model takes speaker_embedding_dim = ${dim}`);
  },
  async check(output, call, ctx) {
    textToAudio.check(output, call, ctx);
    const audio = audioOf(output, 'text-to-audio output');
    const { vocoder, samplingRate } = parts(ctx);
    const rate = (output as { sampling_rate: number }).sampling_rate;
    if (rate !== vocoder.config.sampling_rate) fail(`text-to-audio output.sampling_rate ${rate} is not the vocoder's sampling_rate ${vocoder.config.sampling_rate}`);
    if (rate !== samplingRate) fail(`text-to-audio output.sampling_rate ${rate} is not the processor's sampling_rate ${samplingRate}`);
    const { maxlen, r } = maxSteps(ctx, call.input as string);
    const perStep = upsampling(vocoder) * r;
    if (audio.length % perStep !== 0) {
      fail(`text-to-audio output: ${audio.length} samples is no whole number of decoder steps (each step is reduction_factor ${r} frames × ${perStep / r} samples per frame)`);
    }
    const steps = audio.length / perStep;
    if (steps > maxlen) fail(`text-to-audio output: ${steps} decoder steps, beyond generate_speech's maxlen of ${maxlen} for this text`);
  },
  badInputs: (ctx) => {
    const text = 'Hello there.';
    const dim = speakerDim(ctx);
    return [
      ...textToAudio.badInputs(ctx).map((b) => ({ ...b, call: { ...b.call, options: { speaker_embeddings: speakerEmbedding(dim) } } })),
      { name: 'no speaker embedding', call: { label: 'no speaker embedding', input: text }, error: /needs a speaker_embeddings Float32Array/ },
      { name: 'speaker embedding of the wrong size', call: { label: 'short speaker embedding', input: text, options: { speaker_embeddings: new Float32Array(dim - 1).fill(0.1) } }, error: /takes speaker_embedding_dim/ },
    ];
  },
  load: loadSpeechT5,
  extraTests: [
    {
      name: 'different texts and different speaker embeddings give different audio',
      async run(ctx) {
        const [first] = withVoice(ctx, speechCalls(ctx));
        const other = withVoice(ctx, speechCalls(ctx), 1)[0]!;
        const a = audioOf(await ctx.pipe(first!.input, first!.options), 'first speaker');
        const b = audioOf(await ctx.pipe(other.input, other.options), 'second speaker');
        if (!differ(a, b)) fail(`two speaker embeddings gave the same audio for ${preview(first!.input)}: the speaker embedding is ignored`);
        const texts = [first!.input as string, 'The quick brown fox jumps over the lazy dog.', 'Hello, my dog is cute.'];
        const otherText = texts.find((t) => t !== first!.input)!;
        const c = audioOf(await ctx.pipe(otherText, first!.options), 'other text');
        if (!differ(a, c)) fail(`${preview(first!.input)} and ${preview(otherText)} gave the same audio: the text is ignored`);
      },
    },
    {
      name: 'the spectrogram loop stops on its stop probability, and the vocoder turns each frame into its upsampling in samples',
      async run(ctx) {
        const [call] = speechT5TextToAudio.calls(ctx);
        const text = call!.input as string;
        const { model, tokenizer, vocoder } = parts(ctx);
        const { Tensor } = loadTransformers() as Any;
        const speaker = call!.options!.speaker_embeddings as Float32Array;
        const { input_ids } = tokenizer(text);
        const speak = (threshold: number) => model.generate_speech(input_ids, new Tensor('float32', speaker, [1, speaker.length]), { vocoder, threshold });
        const { maxlen, r } = maxSteps(ctx, text);
        const melBins = model.config.num_mel_bins as number;
        const frameCount = (s: Any, what: string) => {
          const [frames, bins] = s.spectrogram.dims;
          if (s.spectrogram.dims.length !== 2 || bins !== melBins || frames % r !== 0) {
            fail(`${what}: spectrogram dims ${preview(s.spectrogram.dims)}, expected [steps × reduction_factor ${r}, num_mel_bins ${melBins}]`);
          }
          const samples = s.waveform.data.length;
          if (samples !== frames * upsampling(vocoder)) fail(`${what}: the vocoder made ${samples} samples from ${frames} frames, not ${frames} × ${upsampling(vocoder)}`);
          return frames as number;
        };
        const stopped = await speak(STOP_THRESHOLD);
        const frames = frameCount(stopped, 'default threshold');
        if (frames / r >= maxlen) fail(`generation ran to maxlen (${maxlen} steps): no stop probability reached ${STOP_THRESHOLD}`);
        const audio = audioOf(await ctx.pipe(text, call!.options), 'pipeline output');
        assertClose(Array.from(audio), Array.from(stopped.waveform.data as Float32Array), 'the call\'s audio against generate_speech\'s waveform', 1e-5);
        // With a threshold no probability reaches, the same loop runs on to maxlen, through the same first frames.
        const forced = await speak(NEVER_STOP);
        const forcedFrames = frameCount(forced, `threshold ${NEVER_STOP}`);
        if (forcedFrames / r !== maxlen) fail(`with threshold ${NEVER_STOP} generation ran ${forcedFrames / r} steps, not maxlen ${maxlen}`);
        const head = Array.from(forced.spectrogram.data as Float32Array).slice(0, frames * melBins);
        assertClose(head, Array.from(stopped.spectrogram.data as Float32Array), 'the first frames without the stop', 1e-4);
      },
    },
  ],
};
