import type { ModelFiles } from './cache';
import { DECODER_SIZES, decoderModelFiles } from './decoder';
import { GEMMA3N_AUDIO_TOKENS, GEMMA_AUDIO_MELS, LLAVA_VLM_FAMILIES, VLM_IMAGE_SIZE, VLM_PATCH, type AudioEncoder, type LlavaVlmFamily } from './llava-vlm-families';
import { layerNorm, linear, MEDIA_HIDDEN, mixingLayers, patchEmbed, prependClsToken } from './media-layers';
import { OnnxGraphBuilder } from './onnx';
import { buildTokenizer } from './tokenizer';

/**
 * Tiny LLaVA-style image-text-to-text models (see llava-vlm-families.ts): the family's text decoder
 * as a multimodal one (embed_tokens + decoder_model_merged, sizes under text_config), plus
 * `onnx/vision_encoder.onnx` (the family's processor outputs → one `image_features` row per image
 * token), for Gemma 3n / 4 `onnx/audio_encoder.onnx` too, the image token id in config.json, and the
 * processor's files.
 */

const MODEL_MAX_LENGTH = 512;

export function renderLlavaVlmFiles(modelType: string, task: string, seed: string, layers: number = DECODER_SIZES.layers): ModelFiles {
  const family = LLAVA_VLM_FAMILIES[modelType];
  if (!family) throw new Error(`renderLlavaVlmFiles: "${modelType}" is not a tiny LLaVA-style family`);
  const tokenizer = buildTokenizer(family.decoder.tokenizer, MODEL_MAX_LENGTH);
  const weightSeed = `${modelType}/${task}/${seed}`;
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files = decoderModelFiles(modelType, family.decoder, tokenizer, weightSeed, layers);

  const config = JSON.parse(files.get('config.json') as string) as Record<string, unknown>;
  const id = (token: string) => {
    const found = tokenizer.tokenToId[token];
    if (found === undefined) throw new Error(`renderLlavaVlmFiles: ${modelType}'s tokenizer has no "${token}"`);
    return found;
  };
  files.set('config.json', json({
    ...config,
    [family.imageTokenField]: id(family.imageToken),
    vision_config: { hidden_size: MEDIA_HIDDEN, num_hidden_layers: layers, image_size: VLM_IMAGE_SIZE, patch_size: VLM_PATCH },
    ...family.configExtras?.(id),
  }));
  files.set('onnx/vision_encoder.onnx', buildLlavaVisionEncoderGraph(family, weightSeed, layers));
  if (family.audio) files.set('onnx/audio_encoder.onnx', buildGemmaAudioEncoderGraph(family.audio, weightSeed, layers));
  files.set('preprocessor_config.json', json(family.preprocessor));
  if (family.processorConfig) files.set('processor_config.json', json(family.processorConfig));
  const tokenizerConfig: Record<string, unknown> = { ...tokenizer.tokenizerConfig, ...family.tokenizerConfigExtras };
  if (family.chatTemplate && family.chatTemplateFile) files.set('chat_template.jinja', family.chatTemplate);
  else if (family.chatTemplate) tokenizerConfig.chat_template = family.chatTemplate;
  files.set('tokenizer.json', json(tokenizer.tokenizerJson));
  files.set('tokenizer_config.json', json(tokenizerConfig));
  return files;
}

/**
 * `vision_encoder.onnx` → `image_features` [images (or frames, tiles), tokens, text hidden]:
 * patches embedded, (a class token,) token-mixing layers, then the projector to the text width.
 * Each family's inputs are those its image processor returns (see VisionInput).
 */
export function buildLlavaVisionEncoderGraph(family: LlavaVlmFamily, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder('tiny_llava_vision_encoder', `${seed}/vision`);
  const size = VLM_IMAGE_SIZE;
  let x: string;
  if (family.vision === 'image') {
    const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, 'height', 'width']);
    x = patchEmbed(g, pixels, 'vision', 3, VLM_PATCH);
    if (family.classToken) x = prependClsToken(g, x, 'vision');
  } else if (family.vision === 'frames') {
    // Every frame (split tiles, then the global image) is one image; padded frames are masked out.
    const pixels = g.input('pixel_values', 'float32', ['batch_size', 'num_images', 3, size, size]);
    const mask = g.input('pixel_attention_mask', 'bool', ['batch_size', 'num_images', size, size]);
    const frames = g.node('Reshape', [pixels, g.ints([-1, 3, size, size])]);
    const keep = g.node('Reshape', [g.node('Cast', [mask], { to: 1 }), g.ints([-1, 1, size, size])]);
    x = patchEmbed(g, g.node('Mul', [frames, keep]), 'vision', 3, VLM_PATCH);
  } else if (family.vision === 'patches') {
    x = lfm2PatchFeatures(g);
  } else {
    x = gemma4PatchFeatures(g);
  }
  x = mixingLayers(g, layerNorm(g, x), 'vision', layers);
  const hidden = DECODER_SIZES.hidden;
  const projected = linear(g, g.node('Tanh', [linear(g, x, 'projector.linear_1', MEDIA_HIDDEN, hidden)]), 'projector.linear_2', hidden, hidden);
  g.output('image_features', 'float32', ['batch_size', 'image_tokens', hidden], layerNorm(g, projected, hidden));
  return g.toBytes();
}

/**
 * LFM2-VL: pixel_values [tiles, max_patches, 3·p²] (row-major patches, zero-padded), the mask of real
 * patches, spatial_shapes [tiles, 2] = patch rows and columns. The real patches (the first tile's
 * h·w) are embedded, then each 2×2 block is unshuffled into one token, as the processor's
 * ceil(h/2)·ceil(w/2) token count assumes (the tiny processor keeps h, w even).
 */
function lfm2PatchFeatures(g: OnnxGraphBuilder): string {
  const patchWidth = 3 * (VLM_PATCH / 2) ** 2;
  const pixels = g.input('pixel_values', 'float32', ['num_tiles', 'max_patches', patchWidth]);
  const mask = g.input('pixel_attention_mask', 'int64', ['num_tiles', 'max_patches']);
  const shapes = g.input('spatial_shapes', 'int64', ['num_tiles', 2]);
  const rows = g.node('Gather', [g.node('Gather', [shapes, g.ints(0)], { axis: 0 }), g.ints([0])], { axis: 0 });
  const cols = g.node('Gather', [g.node('Gather', [shapes, g.ints(0)], { axis: 0 }), g.ints([1])], { axis: 0 });
  const count = g.node('Mul', [rows, cols]);
  const kept = g.node('Mul', [pixels, g.node('Unsqueeze', [g.node('Cast', [mask], { to: 1 }), g.ints([2])])]);
  const real = g.node('Slice', [kept, g.ints([0]), count, g.ints([1])]);
  const embedded = linear(g, real, 'vision.patch_embedding', patchWidth, MEDIA_HIDDEN);
  const half = (v: string) => g.node('Div', [v, g.ints([2])]);
  const grid = g.node('Concat', [g.ints([-1]), half(rows), g.ints([2]), half(cols), g.ints([2, MEDIA_HIDDEN])], { axis: 0 });
  const blocks = g.node('Transpose', [g.node('Reshape', [embedded, grid])], { perm: [0, 1, 3, 2, 4, 5] });
  const unshuffled = g.node('Reshape', [blocks, g.node('Concat', [g.ints([0]), g.node('Mul', [half(rows), half(cols)]), g.ints([4 * MEDIA_HIDDEN])], { axis: 0 })]);
  // Reshape's 0 copies the tile count from the transposed input's first axis.
  return linear(g, unshuffled, 'vision.downsample', 4 * MEDIA_HIDDEN, MEDIA_HIDDEN);
}

/** Gemma 4's pooling_kernel_size in the tiny processor (3 in the checkpoints). */
const GEMMA4_POOLING = 2;

/**
 * Gemma 4: pixel_values [images, max_patches, p²·3] (row-major patches, zero-padded) and
 * pixel_position_ids [images, max_patches, 2] ((column, row), -1 for padding). The real patches come
 * first (Gemma4ImageProcessor's patchify), rows × columns of them, read from the largest position;
 * each is embedded with its row and column embeddings, then every k×k block is pooled into one soft
 * token, as the processor's num_soft_tokens = patches / k² assumes. Images of one batch share one
 * size (the first image's grid is read).
 */
function gemma4PatchFeatures(g: OnnxGraphBuilder): string {
  const patchWidth = 3 * VLM_PATCH ** 2;
  const k = GEMMA4_POOLING;
  const pixels = g.input('pixel_values', 'float32', ['num_images', 'max_patches', patchWidth]);
  const positions = g.input('pixel_position_ids', 'int64', ['num_images', 'max_patches', 2]);
  const extent = (axis: number) =>
    g.node('Add', [g.node('ReduceMax', [g.node('Gather', [g.node('Gather', [positions, g.ints(0)], { axis: 0 }), g.ints(axis)], { axis: 1 })], { keepdims: 1 }), g.ints([1])]);
  const cols = extent(0);
  const rows = extent(1);
  const count = g.node('Mul', [rows, cols]);
  const real = g.node('Slice', [pixels, g.ints([0]), count, g.ints([1])]);
  const realPositions = g.node('Slice', [positions, g.ints([0]), count, g.ints([1])]);
  const axisEmbedding = (axis: number, name: string) =>
    g.node('Gather', [g.randomWeight(`vision.position_embedding.${name}`, [VLM_IMAGE_SIZE, MEDIA_HIDDEN], 0.5), g.node('Gather', [realPositions, g.ints(axis)], { axis: 2 })], { axis: 0 });
  const embedded = g.node('Add', [g.node('Add', [linear(g, real, 'vision.patch_embedding', patchWidth, MEDIA_HIDDEN), axisEmbedding(0, 'column')]), axisEmbedding(1, 'row')]);
  const pooled = (v: string) => g.node('Div', [v, g.ints([k])]);
  const grid = g.node('Concat', [g.ints([0]), pooled(rows), g.ints([k]), pooled(cols), g.ints([k, MEDIA_HIDDEN])], { axis: 0 });
  const blocks = g.node('Transpose', [g.node('Reshape', [embedded, grid])], { perm: [0, 1, 3, 2, 4, 5] });
  const merged = g.node('Reshape', [blocks, g.node('Concat', [g.ints([0]), g.node('Mul', [pooled(rows), pooled(cols)]), g.ints([k * k * MEDIA_HIDDEN])], { axis: 0 })]);
  return linear(g, merged, 'vision.pooler', k * k * MEDIA_HIDDEN, MEDIA_HIDDEN);
}

/**
 * `audio_encoder.onnx` of Gemma 3n / 4: input_features [batch, frames, mels] (masked by
 * input_features_mask) → audio_features [batch, tokens, text hidden]:
 * - `pooled` (Gemma 3n): the masked mean frame, projected to GEMMA3N_AUDIO_TOKENS tokens (Gemma3nProcessor's audio_seq_length);
 * - `subsampled` (Gemma 4): two stride-2 convolutions (kernel 3, pad 1) over the frames, one token per output
 *   step, the count Gemma4Processor's _compute_audio_num_tokens gives.
 */
export function buildGemmaAudioEncoderGraph(kind: AudioEncoder, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder('tiny_gemma_audio_encoder', `${seed}/audio`);
  const hidden = DECODER_SIZES.hidden;
  const features = g.input('input_features', 'float32', ['batch_size', 'num_frames', GEMMA_AUDIO_MELS]);
  const mask = g.input('input_features_mask', 'bool', ['batch_size', 'num_frames']);
  const maskFloat = g.node('Unsqueeze', [g.node('Cast', [mask], { to: 1 }), g.ints([2])]);
  const kept = g.node('Mul', [features, maskFloat]);
  let x: string;
  if (kind === 'pooled') {
    const frames = g.node('Max', [g.node('ReduceSum', [maskFloat, g.ints([1])], { keepdims: 0 }), g.scalar(1)]);
    const mean = g.node('Div', [g.node('ReduceSum', [kept, g.ints([1])], { keepdims: 0 }), frames]);
    const tokens = linear(g, mean, 'audio.projector', GEMMA_AUDIO_MELS, GEMMA3N_AUDIO_TOKENS * MEDIA_HIDDEN);
    x = g.node('Reshape', [g.node('Tanh', [tokens]), g.ints([0, GEMMA3N_AUDIO_TOKENS, MEDIA_HIDDEN])]);
  } else {
    const conv = (input: string, name: string, channels: number) => {
      const weight = g.randomWeight(`${name}.weight`, [MEDIA_HIDDEN, channels, 3], 1 / Math.sqrt(channels * 3));
      return g.node('Tanh', [g.node('Conv', [input, weight], { kernel_shape: [3], strides: [2], pads: [1, 1] })]);
    };
    const subsampled = conv(conv(g.node('Transpose', [kept], { perm: [0, 2, 1] }), 'audio.subsample.0', GEMMA_AUDIO_MELS), 'audio.subsample.1', MEDIA_HIDDEN);
    x = g.node('Transpose', [subsampled], { perm: [0, 2, 1] });
  }
  x = mixingLayers(g, layerNorm(g, x), 'audio', layers);
  g.output('audio_features', 'float32', ['batch_size', 'audio_tokens', hidden], layerNorm(g, linear(g, x, 'audio.embed', MEDIA_HIDDEN, hidden), hidden));
  return g.toBytes();
}
