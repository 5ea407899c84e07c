import type { ModelFiles } from './cache';
import { DECODER_SIZES, decoderModelFiles } from './decoder';
import { LLAVA_VLM_FAMILIES, VLM_IMAGE_SIZE, VLM_PATCH, type LlavaVlmFamily } from './llava-vlm-families';
import { layerNorm, linear, MEDIA_HIDDEN, mixingLayers, patchEmbed, prependClsToken } from './media-layers';
import { OnnxGraphBuilder } from './onnx';
import { buildTokenizer } from './tokenizer';

/**
 * Tiny LLaVA-style image-text-to-text models (see llava-vlm-families.ts): the family's text decoder
 * as a multimodal one (embed_tokens + decoder_model_merged, sizes under text_config), plus
 * `onnx/vision_encoder.onnx` (the family's processor outputs → one `image_features` row per image
 * token), the image token id in config.json, and the processor's files.
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
  files.set('config.json', json({
    ...config,
    [family.imageTokenField]: tokenizer.tokenToId[family.imageToken]!,
    vision_config: { hidden_size: MEDIA_HIDDEN, num_hidden_layers: layers, image_size: VLM_IMAGE_SIZE, patch_size: VLM_PATCH },
  }));
  files.set('onnx/vision_encoder.onnx', buildLlavaVisionEncoderGraph(family, weightSeed, layers));
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
  } else {
    x = lfm2PatchFeatures(g);
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
