import { l2Normalize, linear } from './media-layers';
import { OnnxGraphBuilder } from './onnx';
import { Blocks, declareDecoderCache, decoderStack, dimOf, embedTokens, SEQ2SEQ_SIZES } from './seq2seq-graph';

/**
 * ONNX graphs of a tiny SpeechT5 text-to-speech model and of its HiFi-GAN vocoder, in the layout
 * optimum exports them (SpeechT5OnnxConfig and its model patcher) and transformers.js 4.3.1 runs them
 * (SpeechT5ForTextToSpeech.generate_speech):
 * - `encoder_model.onnx`: `input_ids` → `encoder_outputs`, `encoder_attention_mask` (all ones:
 *   optimum's patched encoder takes no mask and returns `ones_like(input_ids)`);
 * - `decoder_model_merged.onnx`: one step of the spectrogram loop: `output_sequence` (the frames so
 *   far), `speaker_embeddings`, the encoder outputs and the cache → `output_sequence_out` (one frame
 *   longer), `spectrum` [reduction_factor, num_mel_bins], `prob` [reduction_factor] and `present.*`;
 * - the vocoder's `model.onnx` (optimum's decoder_postnet_and_vocoder, which Xenova/speecht5_hifigan
 *   ships): `spectrogram` [frames, num_mel_bins] → `waveform` [frames × 256], one dimension only.
 */
export const SPEECHT5_SIZES = {
  /** The real checkpoint's geometry, which the pipeline, the vocoder and the harness read from the configs. */
  melBins: 80,
  reductionFactor: 2,
  speakerEmbeddingDim: 512,
  maxTextPositions: 600,
  maxSpeechPositions: 1876,
  /**
   * Decoder steps per input token before the tiny model's stop probability crosses 0.5: it says
   * "stop" at step `tokens × STEPS_PER_TOKEN`, long before generate_speech's maxlen of
   * `tokens / reduction_factor × 20` steps, so generation ends on its stop probability, deterministically.
   */
  stepsPerToken: 1,
} as const;

/** Samples per spectrogram frame: HiFi-GAN's upsample_rates [4, 4, 4, 4] (ConvTranspose k=8, s=4, p=2 quadruples the length). */
export const HIFIGAN_UPSAMPLE_RATES = [4, 4, 4, 4] as const;
export const HIFIGAN_SAMPLING_RATE = 16000;
/** Channels of the tiny vocoder: conv_pre's, then each upsampling stage's. */
const HIFIGAN_CHANNELS = [16, 8, 8, 4, 4] as const;
/** Gain of the stop logit per step: the ramp outweighs the model's own ±1 contribution, so the stop step is exact. */
const STOP_GAIN = 4;

/** Text encoder: embedded characters through the shared encoder layers. */
export function buildSpeechT5EncoderGraph(vocabSize: number, seed: string, layers: number = SEQ2SEQ_SIZES.encoderLayers): Uint8Array {
  const g = new OnnxGraphBuilder('tiny_speecht5_encoder', `${seed}/encoder`);
  const blocks = new Blocks(g);
  const dims = ['batch_size', 'encoder_sequence_length'];
  const inputIds = g.input('input_ids', 'int64', dims);
  let x = embedTokens(g, blocks, inputIds, vocabSize, SPEECHT5_SIZES.maxTextPositions);
  for (let layer = 0; layer < layers; layer++) x = blocks.encoderLayer(layer, x);
  g.output('encoder_outputs', 'float32', [...dims, SEQ2SEQ_SIZES.hidden], blocks.norm(x));
  g.output('encoder_attention_mask', 'int64', dims, g.node('Add', [g.node('Mul', [inputIds, g.ints(0)]), g.ints(1)]));
  return g.toBytes();
}

/**
 * One decoder step. As optimum's patched decoder does: the speech prenet embeds the last frame of
 * `output_sequence` (two ReLU layers, positions, then the L2-normalised speaker embedding
 * concatenated and projected back), the decoder layers attend over the cache and the encoder
 * outputs, and batch item 0's last state gives `spectrum` (feat_out, reshaped to reduction_factor
 * frames) and `prob` (sigmoid of prob_out). `output_sequence_out` appends the spectrum's last frame.
 * The stop logit adds a ramp that crosses 0 at step `encoder length × stepsPerToken`.
 */
export function buildSpeechT5DecoderGraph(seed: string, layers: number = SEQ2SEQ_SIZES.decoderLayers): Uint8Array {
  const { hidden } = SEQ2SEQ_SIZES;
  const { melBins, reductionFactor, speakerEmbeddingDim, maxSpeechPositions, stepsPerToken } = SPEECHT5_SIZES;
  const g = new OnnxGraphBuilder('tiny_speecht5_decoder', `${seed}/decoder`);
  const blocks = new Blocks(g);

  // generate_speech feeds use_cache_branch every step; with the cache's own length deciding, one graph serves both branches.
  g.input('use_cache_branch', 'bool', [1]);
  const outputSequence = g.input('output_sequence', 'float32', ['batch_size', 'decoder_sequence_length', melBins]);
  const encoderMask = g.input('encoder_attention_mask', 'int64', ['batch_size', 'encoder_sequence_length']);
  const speaker = g.input('speaker_embeddings', 'float32', ['batch_size', speakerEmbeddingDim]);
  const encoderStates = g.input('encoder_hidden_states', 'float32', ['batch_size', 'encoder_sequence_length', hidden]);
  const past = declareDecoderCache(g, layers, 'seq2seq');

  // The prenet on the newest frame only (optimum runs it over all frames and keeps the last).
  const lastFrame = g.node('Slice', [outputSequence, g.ints([-1]), g.ints([2 ** 31 - 1]), g.ints([1])]);
  const newLength = dimOf(g, lastFrame, 1);
  const pastLength = dimOf(g, past[0]!.selfKey, 2);
  let x = g.node('Relu', [linear(g, lastFrame, 'speech_decoder_prenet.layers.0', melBins, hidden)]);
  x = g.node('Relu', [linear(g, x, 'speech_decoder_prenet.layers.1', hidden, hidden)]);
  x = linear(g, x, 'speech_decoder_prenet.final_layer', hidden, hidden);
  x = g.node('Add', [x, blocks.positions(g.randomWeight('speech_decoder_prenet.encode_positions', [maxSpeechPositions, hidden], 0.5), pastLength, newLength)]);
  // Unit-variance entries, so the speaker weighs like the frame in the projection.
  const voice = g.node('Mul', [l2Normalize(g, speaker), g.scalar(Math.sqrt(speakerEmbeddingDim))]);
  // One new position per step: the voice [batch, 1, dim] sits beside it.
  const withVoice = g.node('Concat', [x, g.node('Unsqueeze', [voice, g.ints([1])])], { axis: 2 });
  x = g.node('Relu', [linear(g, withVoice, 'speech_decoder_prenet.speaker_embeds_layer', hidden + speakerEmbeddingDim, hidden)]);

  const stack = decoderStack(g, blocks, x, { past, pastLength, newLength, encoderStates, encoderMask, cache: 'seq2seq' });
  // last_decoder_output = last_hidden_state[0, -1]
  const last = g.node('Gather', [g.node('Reshape', [blocks.norm(stack.hidden), g.ints([-1, hidden])]), g.ints(0)], { axis: 0 });
  const spectrum = g.node('Reshape', [linear(g, last, 'speech_decoder_postnet.feat_out', hidden, reductionFactor * melBins), g.ints([reductionFactor, melBins])]);
  g.output('spectrum', 'float32', [reductionFactor, melBins], spectrum);
  const newest = g.node('Unsqueeze', [g.node('Slice', [spectrum, g.ints([-1]), g.ints([reductionFactor]), g.ints([0])]), g.ints([0])]);
  g.output('output_sequence_out', 'float32', ['batch_size', 'decoder_sequence_length + 1', melBins], g.node('Concat', [outputSequence, newest], { axis: 1 }));

  // Step idx (1-based) = cached length + 1; the ramp STOP_GAIN·(idx − stopStep + ½) is ≥ ½·STOP_GAIN from step stopStep on.
  const step = g.node('Cast', [g.node('Add', [pastLength, g.ints(1)])], { to: 1 });
  const stopStep = g.node('Mul', [g.node('Cast', [dimOf(g, encoderStates, 1)], { to: 1 }), g.scalar(stepsPerToken)]);
  const ramp = g.node('Mul', [g.node('Add', [g.node('Sub', [step, stopStep]), g.scalar(0.5)]), g.scalar(STOP_GAIN)]);
  const own = g.node('Tanh', [linear(g, last, 'speech_decoder_postnet.prob_out', hidden, reductionFactor)]);
  g.output('prob', 'float32', [reductionFactor], g.node('Sigmoid', [g.node('Add', [own, ramp])]));
  return g.toBytes();
}

/**
 * The vocoder as Xenova/speecht5_hifigan's `onnx/model.onnx` (SpeechT5's postnet, then HiFi-GAN):
 * a residual postnet convolution over the frames, normalize_before (mean / scale), conv_pre, four
 * leaky-ReLU + ConvTranspose stages that each quadruple the length, conv_post and tanh, flattened
 * to one dimension as SpeechT5HifiGan does for an unbatched spectrogram.
 */
export function buildHifiGanGraph(seed: string): Uint8Array {
  const { melBins } = SPEECHT5_SIZES;
  const g = new OnnxGraphBuilder('tiny_speecht5_hifigan', seed);
  const spectrogram = g.input('spectrogram', 'float32', ['n_spectrums x reduction_factor', melBins]);
  const conv = (x: string, name: string, inputs: number, outputs: number, kernel: number) =>
    g.node('Conv', [x, g.randomWeight(`${name}.weight`, [outputs, inputs, kernel], 1 / Math.sqrt(inputs * kernel)), g.randomWeight(`${name}.bias`, [outputs], 0.1)], {
      kernel_shape: [kernel],
      pads: [(kernel - 1) / 2, (kernel - 1) / 2],
    });

  // [frames, mel] → [1, mel, frames]
  let x = g.node('Transpose', [g.node('Unsqueeze', [spectrogram, g.ints([0])])], { perm: [0, 2, 1] });
  x = g.node('Add', [x, conv(g.node('Tanh', [conv(x, 'postnet.layers.0', melBins, HIFIGAN_CHANNELS[0], 5)]), 'postnet.layers.1', HIFIGAN_CHANNELS[0], melBins, 5)]);
  x = g.node('Div', [g.node('Sub', [x, g.randomWeight('mean', [melBins, 1], 1)]), g.node('Add', [g.node('Abs', [g.randomWeight('scale', [melBins, 1], 1)]), g.scalar(0.5)])]);
  x = conv(x, 'conv_pre', melBins, HIFIGAN_CHANNELS[0], 7);
  HIFIGAN_UPSAMPLE_RATES.forEach((rate, i) => {
    const [inputs, outputs] = [HIFIGAN_CHANNELS[i]!, HIFIGAN_CHANNELS[i + 1]!];
    const kernel = 2 * rate;
    const weight = g.randomWeight(`upsampler.${i}.weight`, [inputs, outputs, kernel], 1 / Math.sqrt(inputs));
    x = g.node('ConvTranspose', [g.node('LeakyRelu', [x], { alpha: { float: 0.1 } }), weight, g.randomWeight(`upsampler.${i}.bias`, [outputs], 0.1)], {
      kernel_shape: [kernel],
      strides: [rate],
      pads: [rate / 2, rate / 2],
    });
  });
  x = conv(g.node('LeakyRelu', [x], { alpha: { float: 0.01 } }), 'conv_post', HIFIGAN_CHANNELS[HIFIGAN_CHANNELS.length - 1]!, 1, 7);
  g.output('waveform', 'float32', ['n_samples'], g.node('Reshape', [g.node('Tanh', [x]), g.ints([-1])]));
  return g.toBytes();
}
