import type { AudioFamily, AudioTask } from './media-families';
import { layerNorm, linear, meanPool, MEDIA_HIDDEN, mediaBaseConfig, mixingLayers } from './media-layers';
import { OnnxGraphBuilder } from './onnx';
import type { TokenizerFiles } from './tokenizer';
import { labelMaps } from './vision';

export const SAMPLING_RATE = 16000;
/** One frame per 20 ms of 16 kHz audio, as wav2vec2's convolutional front end yields. */
export const FRAME_SAMPLES = 320;
/** AST spectrogram size: real checkpoints use 1024 frames × 128 mel bins; 64 × 16 keeps it tiny. */
export const AST_FRAMES = 64;
export const AST_MEL_BINS = 16;
/** Mel bins of the log-mel (`features`) families: real W2V-BERT and Parakeet use 80. */
export const FEATURE_MEL_BINS = 16;
/** SeamlessM4T stacks this many consecutive fbank frames into one input frame (W2V-BERT's `stride`). */
const SEAMLESS_STRIDE = 2;

/** Width of one `input_features` frame for a `features` family. */
function featureWidth(family: AudioFamily): number {
  return family.featureExtractor === 'SeamlessM4TFeatureExtractor' ? FEATURE_MEL_BINS * SEAMLESS_STRIDE : FEATURE_MEL_BINS;
}

/** Speech Commands keyword-spotting labels (the superb-ks checkpoints behind audio-classification). */
export const AUDIO_LABELS = ['yes', 'no', 'up', 'down', 'left', 'right', 'on', 'off', 'stop', 'go', '_silence_', '_unknown_'];

/** wav2vec2-base-960h's character vocabulary: specials, word delimiter `|`, letters by frequency. */
const CTC_SPECIALS = ['<pad>', '<s>', '</s>', '<unk>'];
const CTC_CHARACTERS = ['|', ...'ETAONIHSRDLUMWCFGYPBVK', "'", 'X', 'J', 'Q', 'Z'];

/**
 * A speech encoder with the output names transformers.js reads: `logits` [batch, frames, vocab]
 * for CTC, `logits` [batch, labels] for audio-classification.
 * Waveform families frame `input_values` [batch, samples] with a strided 1-D convolution (zero-padded
 * so any non-empty clip gives at least one frame); AST projects each spectrogram frame; then `layers` mixing layers.
 */
export function buildAudioGraph(family: AudioFamily, task: AudioTask, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${family.classPrefix.toLowerCase()}_${task.replace(/-/g, '_')}`, seed);
  let x: string;
  if (family.input === 'waveform') {
    const values = g.input('input_values', 'float32', ['batch_size', 'sequence_length']);
    const padded = g.node('Pad', [g.node('Unsqueeze', [values, g.ints([1])]), g.ints([0, 0, 0, 0, 0, FRAME_SAMPLES - 1])]);
    const kernel = g.randomWeight('feature_extractor.conv.weight', [MEDIA_HIDDEN, 1, FRAME_SAMPLES], 1 / Math.sqrt(FRAME_SAMPLES));
    const frames = g.node('Conv', [padded, kernel, g.randomWeight('feature_extractor.conv.bias', [MEDIA_HIDDEN], 0.1)], {
      kernel_shape: [FRAME_SAMPLES],
      strides: [FRAME_SAMPLES],
    });
    x = g.node('Transpose', [frames], { perm: [0, 2, 1] });
  } else if (family.input === 'features') {
    // Log-mel frames + their attention_mask (0 on the frames padding added): padded frames are zeroed and
    // left out of the mixing, as the real encoders mask them.
    const width = featureWidth(family);
    const features = g.input('input_features', 'float32', ['batch_size', 'frames', width]);
    const mask = g.input('attention_mask', 'int64', ['batch_size', 'frames']);
    const maskFloat = g.node('Unsqueeze', [g.node('Cast', [mask], { to: 1 }), g.ints([-1])]);
    x = g.node('Mul', [linear(g, features, 'feature_projection', width, MEDIA_HIDDEN), maskFloat]);
    x = mixingLayers(g, layerNorm(g, x), 'encoder', layers, maskFloat);
    return audioHead(g, x, task);
  } else {
    const values = g.input('input_values', 'float32', ['batch_size', 'frames', AST_MEL_BINS]);
    x = linear(g, values, 'embeddings.patch', AST_MEL_BINS, MEDIA_HIDDEN);
  }
  x = mixingLayers(g, layerNorm(g, x), 'encoder', layers);
  return audioHead(g, x, task);
}

/** CTC logits per frame, or one classification row per clip. */
function audioHead(g: OnnxGraphBuilder, x: string, task: AudioTask): Uint8Array {
  if (task === 'automatic-speech-recognition') {
    const vocab = CTC_SPECIALS.length + CTC_CHARACTERS.length;
    g.output('logits', 'float32', ['batch_size', 'frames', vocab], linear(g, x, 'lm_head', MEDIA_HIDDEN, vocab));
  } else {
    g.output('logits', 'float32', ['batch_size', AUDIO_LABELS.length], linear(g, meanPool(g, x), 'classifier', MEDIA_HIDDEN, AUDIO_LABELS.length));
  }
  return g.toBytes();
}

export function audioConfig(modelType: string, family: AudioFamily, task: AudioTask, architecture: string, layers: number): Record<string, unknown> {
  const config: Record<string, unknown> = mediaBaseConfig(modelType, architecture, layers);
  if (family.input === 'features') {
    Object.assign(config, { feature_projection_input_dim: featureWidth(family), num_mel_bins: FEATURE_MEL_BINS });
  } else if (family.input === 'waveform') {
    Object.assign(config, { conv_dim: [MEDIA_HIDDEN], conv_kernel: [FRAME_SAMPLES], conv_stride: [FRAME_SAMPLES] });
  } else {
    Object.assign(config, { num_mel_bins: AST_MEL_BINS, max_length: AST_FRAMES });
  }
  if (task === 'automatic-speech-recognition') {
    Object.assign(config, { vocab_size: CTC_SPECIALS.length + CTC_CHARACTERS.length, pad_token_id: 0, bos_token_id: 1, eos_token_id: 2 });
  } else {
    Object.assign(config, labelMaps(AUDIO_LABELS));
  }
  return config;
}

export function audioPreprocessor(family: AudioFamily): Record<string, unknown> {
  if (family.featureExtractor === 'SeamlessM4TFeatureExtractor') {
    // facebook/w2v-bert-2.0's settings (25 ms povey window, 10 ms hop, frame pairs), with fewer mel bins.
    return {
      feature_extractor_type: 'SeamlessM4TFeatureExtractor',
      feature_size: FEATURE_MEL_BINS,
      num_mel_bins: FEATURE_MEL_BINS,
      sampling_rate: SAMPLING_RATE,
      stride: SEAMLESS_STRIDE,
      padding_side: 'right',
      padding_value: 1,
      return_attention_mask: true,
    };
  }
  if (family.featureExtractor === 'ParakeetFeatureExtractor') {
    // nvidia/parakeet-ctc-0.6b's settings (512-point FFT, 25 ms window, 10 ms hop, pre-emphasis), with fewer mel bins.
    return {
      feature_extractor_type: 'ParakeetFeatureExtractor',
      feature_size: FEATURE_MEL_BINS,
      sampling_rate: SAMPLING_RATE,
      n_fft: 512,
      win_length: 400,
      hop_length: 160,
      preemphasis: 0.97,
      padding_value: 0,
      return_attention_mask: true,
    };
  }
  if (family.input === 'spectrogram') {
    return {
      feature_extractor_type: 'ASTFeatureExtractor',
      feature_size: 1,
      sampling_rate: SAMPLING_RATE,
      num_mel_bins: AST_MEL_BINS,
      max_length: AST_FRAMES,
      padding_value: 0,
      do_normalize: true,
      // AudioSet statistics of the real checkpoints.
      mean: -4.2677393,
      std: 4.5689974,
      return_attention_mask: false,
    };
  }
  return {
    feature_extractor_type: 'Wav2Vec2FeatureExtractor',
    feature_size: 1,
    sampling_rate: SAMPLING_RATE,
    padding_value: 0,
    padding_side: 'right',
    do_normalize: true,
    return_attention_mask: false,
  };
}

/**
 * `Wav2Vec2CTCTokenizer` as transformers.js loads it: a plain vocabulary (one token per character,
 * spaces become the `|` delimiter) and the `CTC` decoder, which collapses repeats, drops `<pad>`
 * blanks and turns `|` back into spaces.
 */
export function buildCtcTokenizer(): TokenizerFiles {
  const tokens = [...CTC_SPECIALS, ...CTC_CHARACTERS];
  const tokenToId = Object.fromEntries(tokens.map((t, i) => [t, i]));
  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: CTC_SPECIALS.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'Sequence', normalizers: [{ type: 'Replace', pattern: { String: ' ' }, content: '|' }] },
    pre_tokenizer: { type: 'Split', pattern: { Regex: '.' }, behavior: 'Isolated', invert: false },
    post_processor: null,
    decoder: { type: 'CTC', pad_token: '<pad>', word_delimiter_token: '|', cleanup: true },
    model: { type: 'WordLevel', vocab: tokenToId, unk_token: '<unk>' },
  };
  const tokenizerConfig = {
    tokenizer_class: 'Wav2Vec2CTCTokenizer',
    bos_token: '<s>',
    eos_token: '</s>',
    unk_token: '<unk>',
    pad_token: '<pad>',
    word_delimiter_token: '|',
    do_lower_case: false,
    model_max_length: 1_000_000,
    clean_up_tokenization_spaces: true,
  };
  return {
    tokenizerJson,
    tokenizerConfig,
    vocabSize: tokens.length,
    specialIds: CTC_SPECIALS.map((_, i) => i),
    unprintableIds: [],
    tokenToId,
  };
}
