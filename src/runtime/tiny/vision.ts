import { IMAGE_SIZE, PATCH_SIZE, type VisionFamily, type VisionTask } from './media-families';
import { layerNorm, linear, meanPool, MEDIA_HIDDEN, mediaBaseConfig, mixingLayers, patchEmbed, prependClsToken } from './media-layers';
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
 * the token or grid layout of the real family. `layers`: mixing layers of the tower.
 */
export function buildVisionGraph(family: VisionFamily, task: VisionTask, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${family.classPrefix.toLowerCase()}_${task.replace(/-/g, '_')}`, seed);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, IMAGE_SIZE, IMAGE_SIZE]);
  const { tokens, pooled } = visionTower(g, family, pixels, 'vision', layers);

  if (task === 'image-classification') {
    g.output('logits', 'float32', ['batch_size', IMAGE_LABELS.length], linear(g, pooled, 'classifier', MEDIA_HIDDEN, IMAGE_LABELS.length));
  } else if (family.layout === 'grid') {
    // CNN backbones return a feature map [batch, channels, height, width].
    // (grid families have no [CLS] token, so the tokens are exactly the GRID × GRID patches).
    const map = g.node('Reshape', [g.node('Transpose', [tokens], { perm: [0, 2, 1] }), g.ints([0, MEDIA_HIDDEN, GRID, GRID])]);
    g.output('last_hidden_state', 'float32', ['batch_size', MEDIA_HIDDEN, GRID, GRID], map);
    g.output('pooler_output', 'float32', ['batch_size', MEDIA_HIDDEN], pooled);
  } else if (family.pooledFirst) {
    // DINOv3 ConvNeXt: [pooled, flattened feature map] along the token axis.
    const states = g.node('Concat', [g.node('Unsqueeze', [pooled, g.ints([1])]), tokens], { axis: 1 });
    g.output('last_hidden_state', 'float32', ['batch_size', 1 + GRID * GRID, MEDIA_HIDDEN], states);
    g.output('pooler_output', 'float32', ['batch_size', MEDIA_HIDDEN], pooled);
  } else {
    g.output('last_hidden_state', 'float32', ['batch_size', tokenCount(family), MEDIA_HIDDEN], tokens);
    if (family.maeOutputs) {
      // mask_ratio 0 with the patches kept in order (what ViT-MAE does for ascending `noise`): nothing
      // is masked (mask all 0) and ids_restore is the identity permutation.
      const patches = GRID * GRID;
      const shape = g.node('Concat', [g.node('Slice', [g.node('Shape', [pixels]), g.ints([0]), g.ints([1])]), g.ints([patches])], { axis: 0 });
      g.output('mask', 'float32', ['batch_size', patches], g.node('Expand', [g.scalar(0), shape]));
      g.output('ids_restore', 'int64', ['batch_size', patches], g.node('Expand', [g.ints(Array.from({ length: patches }, (_, i) => i)), shape]));
    } else {
      g.output('pooler_output', 'float32', ['batch_size', MEDIA_HIDDEN], pooled);
    }
  }
  return g.toBytes();
}

/**
 * The image tower shared with the dual encoders: returns the token states [batch, N, hidden] and
 * a pooled vector [batch, hidden] ([CLS] when the family has one, else the mean of the patches).
 */
export function visionTower(g: OnnxGraphBuilder, family: Pick<VisionFamily, 'clsToken' | 'registers'>, pixels: string, prefix: string, layers: number) {
  let x = patchEmbed(g, pixels, prefix, 3, PATCH_SIZE);
  if (family.registers) x = prependTokens(g, x, `${prefix}.register_tokens`, family.registers);
  if (family.clsToken) x = prependClsToken(g, x, prefix);
  x = g.node('Add', [x, g.randomWeight(`${prefix}.position_embeddings`, [tokenCount(family), MEDIA_HIDDEN], 0.5)]);
  x = mixingLayers(g, layerNorm(g, x), prefix, layers);
  const pooled = family.clsToken ? g.node('Gather', [x, g.ints(0)], { axis: 1 }) : meanPool(g, x);
  return { tokens: x, pooled };
}

/** Sequence length of a token-layout tower: [CLS], registers, then the patches. */
function tokenCount(family: Pick<VisionFamily, 'clsToken' | 'registers'>): number {
  return GRID * GRID + (family.clsToken ? 1 : 0) + (family.registers ?? 0);
}

/** Prepends `count` learned vectors to every sequence of the batch: [B, N, H] → [B, count+N, H]. */
function prependTokens(g: OnnxGraphBuilder, x: string, name: string, count: number): string {
  const tokens = g.randomWeight(name, [1, count, MEDIA_HIDDEN], 1);
  const batch = g.node('Gather', [g.node('Shape', [x]), g.ints([0])], { axis: 0 });
  const shape = g.node('Concat', [batch, g.ints([count, MEDIA_HIDDEN])], { axis: 0 });
  return g.node('Concat', [g.node('Expand', [tokens, shape]), x], { axis: 1 });
}

export function visionConfig(modelType: string, family: VisionFamily, task: VisionTask, architecture: string, layers: number): Record<string, unknown> {
  const config: Record<string, unknown> = {
    ...mediaBaseConfig(modelType, architecture, layers),
    image_size: IMAGE_SIZE,
    patch_size: PATCH_SIZE,
    num_channels: 3,
  };
  if (family.layout === 'grid' || family.pooledFirst) config.hidden_sizes = [MEDIA_HIDDEN];
  if (family.registers) config.num_register_tokens = family.registers;
  if (family.maeOutputs) config.mask_ratio = 0;
  if (task === 'image-classification') Object.assign(config, labelMaps(IMAGE_LABELS));
  return config;
}

export function labelMaps(labels: string[]): { id2label: Record<string, string>; label2id: Record<string, number> } {
  return {
    id2label: Object.fromEntries(labels.map((label, i) => [String(i), label])),
    label2id: Object.fromEntries(labels.map((label, i) => [label, i])),
  };
}
