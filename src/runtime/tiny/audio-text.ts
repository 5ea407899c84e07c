import { PROJECTION_DIM, textTower } from './dual-encoder';
import type { AudioTextFamily } from './media-families';
import { l2Normalize, layerNorm, linear, MEDIA_HIDDEN, mediaBaseConfig, meanPool, mixingLayers } from './media-layers';
import { OnnxGraphBuilder } from './onnx';
import type { TokenizerFiles } from './tokenizer';

/**
 * CLAP's logit temperature. The trained value is 1/0.07 ≈ 14; random towers with a scale that
 * large already give near one-hot softmaxes, so the tiny model keeps SigLIP's initial 10.
 */
const CLAP_LOGIT_SCALE = 10;

/** VITS output rate (MMS-TTS checkpoints speak at 16 kHz). */
export const VITS_SAMPLING_RATE = 16000;
/** Waveform samples each input token becomes (real VITS predicts a duration per token; this is fixed). */
export const VITS_SAMPLES_PER_TOKEN = 256;

/**
 * Both CLAP towers in one graph, as optimum exports ClapModel to `onnx/model.onnx`:
 * inputs `input_ids` + `attention_mask` (one row per label text) and `input_features`
 * [clips, 1, frames, mel bins] (ClapFeatureExtractor's log-mels); outputs `logits_per_audio`
 * [clips, texts] (what the zero-shot pipeline softmaxes), `logits_per_text`, and the L2-normalised
 * `text_embeds` / `audio_embeds`. Each tower has `layers` mixing layers.
 */
export function buildClapGraph(family: AudioTextFamily, tokenizer: TokenizerFiles, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${family.classPrefix.toLowerCase()}`, seed);
  const textSeq = ['text_batch_size', 'sequence_length'];
  const inputIds = g.input('input_ids', 'int64', textSeq);
  const melBins = family.preprocessor.feature_size as number;
  const features = g.input('input_features', 'float32', ['audio_batch_size', 1, 'frames', melBins]);
  const attentionMask = g.input('attention_mask', 'int64', textSeq);

  const text = textTower(g, family, tokenizer, inputIds, attentionMask, undefined, layers);
  const textEmbeds = l2Normalize(g, linear(g, text, 'text_projection', MEDIA_HIDDEN, PROJECTION_DIM));

  // dB log-mels span tens of units: scale them down before the projection, then mix the frames.
  const frames = g.node('Squeeze', [features, g.ints([1])]);
  let audio = linear(g, g.node('Mul', [frames, g.scalar(0.05)]), 'audio_model.patch_embed', melBins, MEDIA_HIDDEN);
  audio = meanPool(g, mixingLayers(g, layerNorm(g, audio), 'audio_model', layers));
  const audioEmbeds = l2Normalize(g, linear(g, audio, 'audio_projection', MEDIA_HIDDEN, PROJECTION_DIM));

  const perText = g.node('Mul', [g.node('MatMul', [textEmbeds, g.node('Transpose', [audioEmbeds], { perm: [1, 0] })]), g.scalar(CLAP_LOGIT_SCALE)]);
  g.output('logits_per_audio', 'float32', ['audio_batch_size', 'text_batch_size'], g.node('Transpose', [perText], { perm: [1, 0] }));
  g.output('logits_per_text', 'float32', ['text_batch_size', 'audio_batch_size'], perText);
  g.output('text_embeds', 'float32', ['text_batch_size', PROJECTION_DIM], textEmbeds);
  g.output('audio_embeds', 'float32', ['audio_batch_size', PROJECTION_DIM], audioEmbeds);
  return g.toBytes();
}

export function clapConfig(modelType: string, family: AudioTextFamily, architecture: string, tokenizer: TokenizerFiles, layers: number): Record<string, unknown> {
  const shared = { hidden_size: MEDIA_HIDDEN, num_hidden_layers: layers, num_attention_heads: 4, intermediate_size: MEDIA_HIDDEN * 2 };
  return {
    architectures: [architecture],
    model_type: modelType,
    projection_dim: PROJECTION_DIM,
    logit_scale_init_value: CLAP_LOGIT_SCALE,
    text_config: { ...shared, vocab_size: tokenizer.vocabSize, max_position_embeddings: family.textMaxLength, pad_token_id: tokenizer.tokenToId['<pad>'] },
    audio_config: { ...shared, num_mel_bins: family.preprocessor.feature_size },
  };
}

/**
 * VITS as transformers.js runs VitsModel: `input_ids` + `attention_mask` → `waveform` [batch, samples].
 * Each token is embedded, mixed with the rest of the text, and becomes VITS_SAMPLES_PER_TOKEN samples
 * in [-1, 1] (tanh); padding tokens stay silent. The text encoder has `layers` mixing layers.
 */
export function buildVitsGraph(vocabSize: number, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder('tiny_vits', seed);
  const seq = ['batch_size', 'sequence_length'];
  const inputIds = g.input('input_ids', 'int64', seq);
  const attentionMask = g.input('attention_mask', 'int64', seq);
  const maskFloat = g.node('Unsqueeze', [g.node('Cast', [attentionMask], { to: 1 }), g.ints([-1])]);

  let x = g.node('Gather', [g.randomWeight('text_encoder.embed_tokens.weight', [vocabSize, MEDIA_HIDDEN], 1), inputIds], { axis: 0 });
  x = mixingLayers(g, layerNorm(g, x), 'text_encoder', layers, maskFloat);
  const samples = g.node('Mul', [g.node('Tanh', [linear(g, x, 'decoder', MEDIA_HIDDEN, VITS_SAMPLES_PER_TOKEN)]), maskFloat]);
  g.output('waveform', 'float32', ['batch_size', 'num_samples'], g.node('Reshape', [samples, g.ints([0, -1])]));
  return g.toBytes();
}

export function vitsConfig(modelType: string, architecture: string, vocabSize: number, layers: number): Record<string, unknown> {
  return {
    ...mediaBaseConfig(modelType, architecture, layers),
    vocab_size: vocabSize,
    sampling_rate: VITS_SAMPLING_RATE,
    upsample_rates: [VITS_SAMPLES_PER_TOKEN],
    pad_token_id: 0,
  };
}

/** MMS-TTS's character set: `_` (padding, id 0), space, letters, digits and a little punctuation; other characters are dropped. */
const VITS_CHARACTERS = ['_', ' ', ...'abcdefghijklmnopqrstuvwxyz0123456789', ...".,!?'-"];

/**
 * A character tokenizer as MMS-TTS ships it for `VitsTokenizer`: lower-cased text split into single
 * characters, one id per character; characters outside the set are removed by the normalizer.
 */
export function buildVitsTokenizer(maxLength: number): { tokenizerJson: Record<string, unknown>; tokenizerConfig: Record<string, unknown>; vocabSize: number } {
  const vocab = Object.fromEntries(VITS_CHARACTERS.map((c, i) => [c, i]));
  const allowed = VITS_CHARACTERS.map((c) => c.replace(/[\\\-\]^]/g, (m) => `\\${m}`)).join('');
  return {
    tokenizerJson: {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [{ id: 0, content: '_', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
      normalizer: { type: 'Sequence', normalizers: [{ type: 'Lowercase' }, { type: 'Replace', pattern: { Regex: `[^${allowed}]` }, content: '' }] },
      pre_tokenizer: { type: 'Split', pattern: { Regex: '.' }, behavior: 'Isolated', invert: false },
      post_processor: null,
      // VitsTokenizer installs its own VitsDecoder after loading.
      decoder: null,
      model: { type: 'WordLevel', vocab, unk_token: '_' },
    },
    tokenizerConfig: { tokenizer_class: 'VitsTokenizer', pad_token: '_', unk_token: '_', model_max_length: maxLength, clean_up_tokenization_spaces: true },
    vocabSize: VITS_CHARACTERS.length,
  };
}
