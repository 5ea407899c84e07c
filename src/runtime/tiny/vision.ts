import { IMAGE_SIZE, PATCH_SIZE, type VisionFamily, type VisionTask } from './media-families';
import { layerNorm, linear, meanPool, MEDIA_HIDDEN, MEDIA_LAYERS, mediaBaseConfig, mixingLayers, patchEmbed, prependClsToken } from './media-layers';
import { OnnxGraphBuilder } from './onnx';

/** ImageNet-style labels: the pipeline returns `config.id2label[argmax]`. */
export const IMAGE_LABELS = [
  'tabby cat', 'golden retriever', 'goldfish', 'great white shark', 'tree frog',
  'sports car', 'teapot', 'volcano', 'pizza', 'umbrella',
];

const GRID = IMAGE_SIZE / PATCH_SIZE;

/**
 * A vision encoder on `pixel_values` [batch, 3, 32, 32]: 8×8 patch embedding, position table,
 * mixing layers, then either `logits` [batch, labels] (image-classification, from [CLS] or the
 * mean of the patches) or `last_hidden_state` + `pooler_output` (image-feature-extraction), in
 * the token or grid layout of the real family.
 */
export function buildVisionGraph(family: VisionFamily, task: VisionTask, seed: string): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${family.classPrefix.toLowerCase()}_${task.replace(/-/g, '_')}`, seed);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, IMAGE_SIZE, IMAGE_SIZE]);
  const { tokens, pooled } = visionTower(g, family, pixels, 'vision');

  if (task === 'image-classification') {
    g.output('logits', 'float32', ['batch_size', IMAGE_LABELS.length], linear(g, pooled, 'classifier', MEDIA_HIDDEN, IMAGE_LABELS.length));
  } else if (family.layout === 'grid') {
    // CNN backbones return a feature map [batch, channels, height, width].
    // (grid families have no [CLS] token, so the tokens are exactly the GRID × GRID patches).
    const map = g.node('Reshape', [g.node('Transpose', [tokens], { perm: [0, 2, 1] }), g.ints([0, MEDIA_HIDDEN, GRID, GRID])]);
    g.output('last_hidden_state', 'float32', ['batch_size', MEDIA_HIDDEN, GRID, GRID], map);
    g.output('pooler_output', 'float32', ['batch_size', MEDIA_HIDDEN], pooled);
  } else {
    const length = GRID * GRID + (family.clsToken ? 1 : 0);
    g.output('last_hidden_state', 'float32', ['batch_size', length, MEDIA_HIDDEN], tokens);
    g.output('pooler_output', 'float32', ['batch_size', MEDIA_HIDDEN], pooled);
  }
  return g.toBytes();
}

/**
 * The image tower shared with the dual encoders: returns the token states [batch, N, hidden] and
 * a pooled vector [batch, hidden] ([CLS] when the family has one, else the mean of the patches).
 */
export function visionTower(g: OnnxGraphBuilder, family: Pick<VisionFamily, 'clsToken'>, pixels: string, prefix: string) {
  let x = patchEmbed(g, pixels, prefix, 3, PATCH_SIZE);
  if (family.clsToken) x = prependClsToken(g, x, prefix);
  const length = GRID * GRID + (family.clsToken ? 1 : 0);
  x = g.node('Add', [x, g.randomWeight(`${prefix}.position_embeddings`, [length, MEDIA_HIDDEN], 0.5)]);
  x = mixingLayers(g, layerNorm(g, x), prefix);
  const pooled = family.clsToken ? g.node('Gather', [x, g.ints(0)], { axis: 1 }) : meanPool(g, x);
  return { tokens: x, pooled };
}

export function visionConfig(modelType: string, family: VisionFamily, task: VisionTask, architecture: string): Record<string, unknown> {
  const config: Record<string, unknown> = {
    ...mediaBaseConfig(modelType, architecture),
    image_size: IMAGE_SIZE,
    patch_size: PATCH_SIZE,
    num_channels: 3,
  };
  if (family.layout === 'grid') config.hidden_sizes = [MEDIA_HIDDEN];
  if (task === 'image-classification') Object.assign(config, labelMaps(IMAGE_LABELS));
  return config;
}

export function labelMaps(labels: string[]): { id2label: Record<string, string>; label2id: Record<string, number> } {
  return {
    id2label: Object.fromEntries(labels.map((label, i) => [String(i), label])),
    label2id: Object.fromEntries(labels.map((label, i) => [label, i])),
  };
}
