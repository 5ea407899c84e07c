import * as path from 'node:path';
import { listFiles, writeDirectoryAtomically, type ModelFiles } from './cache';
import { stableHash } from './random';
import { SEQ2SEQ_SIZES } from './seq2seq-graph';
import { buildHifiGanGraph, buildSpeechT5DecoderGraph, buildSpeechT5EncoderGraph, HIFIGAN_SAMPLING_RATE, HIFIGAN_UPSAMPLE_RATES, SPEECHT5_SIZES } from './speecht5-graph';

/**
 * A tiny SpeechT5 text-to-speech model (microsoft/speecht5_tts as Xenova/speecht5_tts ships it) and
 * a tiny HiFi-GAN vocoder in its own folder (as Xenova/speecht5_hifigan). transformers.js 4.3.1 maps
 * model_type speecht5 to SpeechT5ForTextToSpeech (MODEL_FOR_TEXT_TO_SPECTROGRAM_MAPPING_NAMES,
 * MODEL_TYPES.Seq2Seq: encoder_model + decoder_model_merged) and hifigan to SpeechT5HifiGan (AutoModel,
 * onnx/model.onnx).
 */

/** Bump whenever anything that shapes the tiny vocoder changes (it is part of its folder name). */
const VOCODER_REVISION = 1;

/** SpeechT5's character vocabulary in spm_char.model's layout: `<s> <pad> </s> <unk>`, `▁`, the characters, `<mask> <ctc_blank>` (81 ids). */
const SPECIALS = ['<s>', '<pad>', '</s>', '<unk>'];
const CHARACTERS = [...'etaoinsrhldcumpfgywb.v,kTIASHWMBCx\'NjDOqLzRPFEGY?!JVUK-"0Z1:2;)(Q53X4986', '7', '&'];
const TRAILING = ['<mask>', '<ctc_blank>'];

export interface SpeechT5Tokenizer {
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  vocabSize: number;
}

/**
 * The tokenizer.json transformers.js's conversion script writes for SpeechT5Tokenizer
 * (scripts/extra/speecht5.py): a typeless model over a character vocabulary (tokenizers' Legacy
 * model: unknown characters become `<unk>`), Precompiled normalizer, whitespace split + Metaspace +
 * per-character split, and `</s>` appended to every sequence.
 */
export function buildSpeechT5Tokenizer(): SpeechT5Tokenizer {
  const tokens = [...SPECIALS, '▁', ...CHARACTERS, ...TRAILING];
  const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
  const eos = { id: '</s>', type_id: 0 };
  return {
    tokenizerJson: {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: tokens
        .filter((t) => t.startsWith('<') && t.endsWith('>'))
        .map((content) => ({ id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
      normalizer: { type: 'Precompiled', precompiled_charsmap: null },
      pre_tokenizer: {
        type: 'Sequence',
        pretokenizers: [
          { type: 'WhitespaceSplit' },
          { type: 'Metaspace', replacement: '▁', add_prefix_space: true },
          { type: 'Split', pattern: { Regex: '' }, behavior: 'Isolated', invert: false },
        ],
      },
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: eos }],
        pair: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: eos }, { Sequence: { id: 'B', type_id: 0 } }, { SpecialToken: eos }],
        special_tokens: { '</s>': { id: '</s>', ids: [vocab['</s>']], tokens: ['</s>'] } },
      },
      decoder: { type: 'Metaspace', replacement: '▁', add_prefix_space: true },
      model: { unk_id: vocab['<unk>'], vocab },
    },
    tokenizerConfig: {
      tokenizer_class: 'SpeechT5Tokenizer',
      bos_token: '<s>',
      eos_token: '</s>',
      unk_token: '<unk>',
      pad_token: '<pad>',
      mask_token: '<mask>',
      normalize: false,
      model_max_length: SPEECHT5_SIZES.maxTextPositions,
    },
    vocabSize: tokens.length,
  };
}

/**
 * Every file of the tiny SpeechT5 text-to-speech model (pure: same arguments → same bytes).
 * `preprocessor_config.json` is microsoft/speecht5_tts's SpeechT5FeatureExtractor settings: the
 * text-to-audio pipeline reads its sampling_rate once it has a processor.
 */
export function renderSpeechT5Files(architecture: string, seed: string, layers?: number): ModelFiles {
  const tokenizer = buildSpeechT5Tokenizer();
  const weightSeed = `speecht5/text-to-audio/${seed}`;
  const depth = { encoder: layers ?? SEQ2SEQ_SIZES.encoderLayers, decoder: layers ?? SEQ2SEQ_SIZES.decoderLayers };
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const { hidden, heads, ffn } = SEQ2SEQ_SIZES;
  const { melBins, reductionFactor, speakerEmbeddingDim, maxTextPositions, maxSpeechPositions } = SPEECHT5_SIZES;
  const ids = { bos_token_id: 0, pad_token_id: 1, eos_token_id: 2, decoder_start_token_id: 2 };
  const files: ModelFiles = new Map();
  // getNormalizedConfig('speecht5') reads hidden_size and the {encoder,decoder}_{layers,attention_heads}; generate_speech reads num_mel_bins and reduction_factor.
  files.set('config.json', json({
    architectures: [architecture],
    model_type: 'speecht5',
    is_encoder_decoder: true,
    vocab_size: tokenizer.vocabSize,
    hidden_size: hidden,
    encoder_layers: depth.encoder,
    encoder_attention_heads: heads,
    encoder_ffn_dim: ffn,
    decoder_layers: depth.decoder,
    decoder_attention_heads: heads,
    decoder_ffn_dim: ffn,
    num_mel_bins: melBins,
    reduction_factor: reductionFactor,
    speaker_embedding_dim: speakerEmbeddingDim,
    speech_decoder_prenet_layers: 2,
    speech_decoder_prenet_units: hidden,
    max_text_positions: maxTextPositions,
    max_speech_positions: maxSpeechPositions,
    use_cache: true,
    ...ids,
  }));
  files.set('generation_config.json', json({ ...ids, max_length: maxSpeechPositions }));
  files.set('preprocessor_config.json', json({
    feature_extractor_type: 'SpeechT5FeatureExtractor',
    processor_class: 'SpeechT5Processor',
    feature_size: 1,
    num_mel_bins: melBins,
    sampling_rate: HIFIGAN_SAMPLING_RATE,
    hop_length: 16,
    win_length: 64,
    win_function: 'hann_window',
    fmin: 80,
    fmax: 7600,
    mel_floor: 1e-10,
    reduction_factor: reductionFactor,
    do_normalize: false,
    padding_side: 'right',
    padding_value: 0,
    return_attention_mask: true,
  }));
  files.set('onnx/encoder_model.onnx', buildSpeechT5EncoderGraph(tokenizer.vocabSize, weightSeed, depth.encoder));
  files.set('onnx/decoder_model_merged.onnx', buildSpeechT5DecoderGraph(weightSeed, depth.decoder));
  files.set('tokenizer.json', json(tokenizer.tokenizerJson));
  files.set('tokenizer_config.json', json(tokenizer.tokenizerConfig));
  return files;
}

/** microsoft/speecht5_hifigan's config (SpeechT5HifiGanConfig), with the tiny model's channel count. */
export function hifiGanConfig(): Record<string, unknown> {
  return {
    architectures: ['SpeechT5HifiGan'],
    model_type: 'hifigan',
    model_in_dim: SPEECHT5_SIZES.melBins,
    sampling_rate: HIFIGAN_SAMPLING_RATE,
    upsample_initial_channel: 16,
    upsample_rates: [...HIFIGAN_UPSAMPLE_RATES],
    upsample_kernel_sizes: HIFIGAN_UPSAMPLE_RATES.map((r) => 2 * r),
    resblock_kernel_sizes: [3, 7, 11],
    resblock_dilation_sizes: [[1, 3, 5], [1, 3, 5], [1, 3, 5]],
    leaky_relu_slope: 0.1,
    normalize_before: true,
  };
}

export interface TinyVocoder {
  dir: string;
  /** Id to pass to `AutoModel.from_pretrained` with `env.localModelPath = cacheDir`. */
  modelId: string;
  files: string[];
  fromCache: boolean;
}

/**
 * Builds (or reuses) the tiny HiFi-GAN vocoder under `<cacheDir>/tiny-random/hifigan-<hash>`:
 * `config.json` and `onnx/model.onnx`, byte-identical for the same revision.
 */
export function buildTinyVocoder(cacheDir: string, org: string): TinyVocoder {
  if (typeof cacheDir !== 'string' || cacheDir.trim() === '') throw new Error('buildTinyVocoder: cacheDir must be a non-empty directory path');
  const key = stableHash({ modelType: 'hifigan', revision: VOCODER_REVISION }, 12);
  const modelId = `${org}/hifigan-${key}`;
  const dir = path.resolve(cacheDir, ...modelId.split('/'));
  const created = writeDirectoryAtomically(dir, (): ModelFiles => new Map<string, Uint8Array | string>([
    ['config.json', `${JSON.stringify(hifiGanConfig(), null, 2)}\n`],
    ['onnx/model.onnx', buildHifiGanGraph(`hifigan/${key}`)],
  ]));
  return { dir, modelId, files: listFiles(dir), fromCache: !created };
}
