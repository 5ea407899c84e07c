import { layerNorm, linear, MEDIA_HIDDEN, mixingLayers } from './media-layers';
import { OnnxGraphBuilder } from './onnx';

/**
 * Tiny neural audio codecs in the layout of the DAC and Mimi ONNX exports transformers.js loads as
 * MODEL_TYPES.AutoEncoder: `onnx/encoder_model.onnx` (input_values [batch, 1, samples] →
 * audio_codes int64 [batch, codebooks, frames]) and `onnx/decoder_model.onnx` (audio_codes →
 * audio_values [batch, 1, frames × hop]). The encoder is one strided convolution (one frame per
 * hop of samples, the last frame padded), mixing layers, then residual vector quantization; the
 * decoder looks the same codebooks up (shared weights, one seed) and upsamples them back.
 */

/** Samples per frame (DAC 16 kHz: 320, Mimi: 1920); small so a second of audio stays cheap. */
export const CODEC_HOP = 8;
export const CODEC_CODEBOOKS = 4;
export const CODEC_CODEBOOK_SIZE = 16;
/** Mimi's first codebooks quantize the latent on their own (semantic), the rest quantize it again residually (acoustic). */
export const MIMI_SEMANTIC_CODEBOOKS = 1;

export type CodecType = 'dac' | 'mimi';

const SAMPLING_RATE: Record<CodecType, number> = { dac: 16000, mimi: 24000 };

/** config.json with each family's own size fields (DacConfig / MimiConfig names). */
export function codecConfig(codec: CodecType, architecture: string, layers: number): Record<string, unknown> {
  const common = { architectures: [architecture], model_type: codec, sampling_rate: SAMPLING_RATE[codec], codebook_size: CODEC_CODEBOOK_SIZE, num_hidden_layers: layers };
  if (codec === 'dac') {
    return { ...common, encoder_hidden_size: MEDIA_HIDDEN, decoder_hidden_size: MEDIA_HIDDEN, downsampling_ratios: [2, 4], upsampling_ratios: [4, 2], hop_length: CODEC_HOP, n_codebooks: CODEC_CODEBOOKS, codebook_dim: MEDIA_HIDDEN };
  }
  // Mimi: frame_rate = sampling_rate / hop; its encoder downsamples by the ratios, then by 2 more.
  return {
    ...common, hidden_size: MEDIA_HIDDEN, audio_channels: 1, upsampling_ratios: [2, 2], frame_rate: SAMPLING_RATE.mimi / CODEC_HOP,
    num_quantizers: CODEC_CODEBOOKS, num_semantic_quantizers: MIMI_SEMANTIC_CODEBOOKS, codebook_dim: MEDIA_HIDDEN,
  };
}

/** preprocessor_config.json: DAC names its own extractor; kyutai/mimi ships EncodecFeatureExtractor's. */
export function codecPreprocessor(codec: CodecType): Record<string, unknown> {
  return {
    feature_extractor_type: codec === 'dac' ? 'DacFeatureExtractor' : 'EncodecFeatureExtractor',
    feature_size: 1,
    sampling_rate: SAMPLING_RATE[codec],
    padding_side: 'right',
    padding_value: 0,
    return_attention_mask: true,
    ...(codec === 'dac' ? { hop_length: CODEC_HOP } : { chunk_length_s: null, overlap: null }),
  };
}

const codebookWeight = (g: OnnxGraphBuilder, q: number) => g.randomWeight(`quantizer.${q}.codebook`, [CODEC_CODEBOOK_SIZE, MEDIA_HIDDEN], 1);

/** Groups of codebooks that quantize the latent residually from its start: DAC one group, Mimi semantic + acoustic. */
function codebookGroups(codec: CodecType): number[][] {
  const all = Array.from({ length: CODEC_CODEBOOKS }, (_, q) => q);
  return codec === 'dac' ? [all] : [all.slice(0, MIMI_SEMANTIC_CODEBOOKS), all.slice(MIMI_SEMANTIC_CODEBOOKS)];
}

export function buildCodecEncoderGraph(codec: CodecType, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${codec}_encoder`, seed);
  const samples = g.input('input_values', 'float32', ['batch_size', 1, 'sequence_length']);
  const weight = g.randomWeight('encoder.conv.weight', [MEDIA_HIDDEN, 1, CODEC_HOP], 1 / Math.sqrt(CODEC_HOP));
  const bias = g.randomWeight('encoder.conv.bias', [MEDIA_HIDDEN], 0.1);
  // SAME_UPPER: ceil(samples / hop) frames, the last one zero-padded.
  const frames = g.node('Conv', [samples, weight, bias], { kernel_shape: [CODEC_HOP], strides: [CODEC_HOP], auto_pad: 'SAME_UPPER' });
  const latent = mixingLayers(g, layerNorm(g, g.node('Transpose', [frames], { perm: [0, 2, 1] })), 'encoder', layers);

  const codes: string[] = [];
  for (const group of codebookGroups(codec)) {
    let residual = latent;
    for (const q of group) {
      const codebook = codebookWeight(g, q);
      // Nearest entry: argmax of r·c − |c|²/2 equals argmin of |r − c|².
      const halfNorms = g.node('Mul', [g.node('ReduceSumSquare', [codebook], { axes: [1], keepdims: 0 }), g.scalar(0.5)]);
      const scores = g.node('Sub', [g.node('MatMul', [residual, g.node('Transpose', [codebook], { perm: [1, 0] })]), halfNorms]);
      const code = g.node('ArgMax', [scores], { axis: -1, keepdims: 0 });
      codes.push(g.node('Unsqueeze', [code, g.ints([1])]));
      residual = g.node('Sub', [residual, g.node('Gather', [codebook, code], { axis: 0 })]);
    }
  }
  g.output('audio_codes', 'int64', ['batch_size', CODEC_CODEBOOKS, 'codes_length'], g.node('Concat', codes, { axis: 1 }));
  return g.toBytes();
}

export function buildCodecDecoderGraph(codec: CodecType, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${codec}_decoder`, seed);
  const codes = g.input('audio_codes', 'int64', ['batch_size', CODEC_CODEBOOKS, 'codes_length']);
  g.output('audio_values', 'float32', ['batch_size', 1, 'sequence_length'], decodeCodes(g, codes, layers));
  return g.toBytes();
}

/**
 * MusicGen's `onnx/encodec_decode.onnx` (the EnCodec decoder MusicgenForConditionalGeneration.generate
 * runs last): audio_codes int64 [1, batch, codebooks, frames] (one chunk, the leading frame axis) →
 * audio_values [batch, 1, frames × hop].
 */
export function buildEncodecDecodeGraph(seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder('tiny_encodec_decode', seed);
  const codes = g.input('audio_codes', 'int64', [1, 'batch_size', CODEC_CODEBOOKS, 'chunk_length']);
  g.output('audio_values', 'float32', ['batch_size', 1, 'sequence_length'], decodeCodes(g, g.node('Squeeze', [codes, g.ints([0])]), layers));
  return g.toBytes();
}

/** [batch, codebooks, frames] codes → [batch, 1, frames × hop] samples: codebook lookups summed, mixed, upsampled. */
function decodeCodes(g: OnnxGraphBuilder, codes: string, layers: number): string {
  let embedded: string | undefined;
  for (let q = 0; q < CODEC_CODEBOOKS; q++) {
    const code = g.node('Gather', [codes, g.ints(q)], { axis: 1 });
    const vectors = g.node('Gather', [codebookWeight(g, q), code], { axis: 0 });
    embedded = embedded ? g.node('Add', [embedded, vectors]) : vectors;
  }
  const hidden = mixingLayers(g, layerNorm(g, linear(g, embedded!, 'decoder.in', MEDIA_HIDDEN, MEDIA_HIDDEN)), 'decoder', layers);
  const weight = g.randomWeight('decoder.conv_transpose.weight', [MEDIA_HIDDEN, 1, CODEC_HOP], 1 / Math.sqrt(MEDIA_HIDDEN));
  const upsampled = g.node('ConvTranspose', [g.node('Transpose', [hidden], { perm: [0, 2, 1] }), weight], { kernel_shape: [CODEC_HOP], strides: [CODEC_HOP] });
  return g.node('Tanh', [upsampled]);
}
