import type { OnnxGraphBuilder } from './onnx';

/**
 * ONNX building blocks shared by the tiny vision, audio and dual-encoder graphs. Each block is
 * batch-independent (no value ever mixes two batch items), so a batch of two gives the same
 * outputs as two single calls.
 */

/** Width of every tiny media tower, and how many mixing layers it stacks by default. */
export const MEDIA_HIDDEN = 32;
export const MEDIA_LAYERS = 2;

/** The size fields every tiny media model's `config.json` starts with (`layers`: mixing layers per tower). */
export function mediaBaseConfig(modelType: string, architecture: string, layers: number): Record<string, unknown> {
  return {
    architectures: [architecture],
    model_type: modelType,
    hidden_size: MEDIA_HIDDEN,
    num_hidden_layers: layers,
    num_attention_heads: 4,
    intermediate_size: MEDIA_HIDDEN * 2,
  };
}

/** Names of constants each graph already holds, so shared constants are written once. */
const definedConstants = new WeakMap<OnnxGraphBuilder, Set<string>>();

function constant(g: OnnxGraphBuilder, name: string, shape: number[], values: Float32Array): string {
  let names = definedConstants.get(g);
  if (!names) definedConstants.set(g, (names = new Set()));
  if (!names.has(name)) {
    g.floatTensor(name, shape, values);
    names.add(name);
  }
  return name;
}

/** Layer norm without learned scale/shift (ones and zeros), over the last axis. */
export function layerNorm(g: OnnxGraphBuilder, x: string, width = MEDIA_HIDDEN): string {
  const ones = constant(g, `layer_norm.ones.${width}`, [width], new Float32Array(width).fill(1));
  const zeros = constant(g, `layer_norm.zeros.${width}`, [width], new Float32Array(width));
  return g.node('LayerNormalization', [x, ones, zeros], { axis: -1 });
}

/**
 * `layers` token-mixing layers: every position gets `tanh(x·W + mean(x)·V + b)` added, then a layer
 * norm, so each output depends on its own input and on the whole sequence (a cheap stand-in for
 * attention). `maskFloat` ([batch, seq, 1], 1 for real tokens) restricts the mean to unpadded positions.
 */
export function mixingLayers(g: OnnxGraphBuilder, x: string, prefix: string, layers: number, maskFloat?: string): string {
  const scale = 1 / Math.sqrt(MEDIA_HIDDEN);
  let count: string | undefined;
  if (maskFloat) count = g.node('Max', [g.node('ReduceSum', [maskFloat, g.ints([1])], { keepdims: 1 }), g.scalar(1)]);
  for (let layer = 0; layer < layers; layer++) {
    const context = maskFloat
      ? g.node('Div', [g.node('ReduceSum', [g.node('Mul', [x, maskFloat]), g.ints([1])], { keepdims: 1 }), count!])
      : g.node('ReduceMean', [x], { axes: [1], keepdims: 1 });
    const own = g.node('MatMul', [x, g.randomWeight(`${prefix}.layer.${layer}.token.weight`, [MEDIA_HIDDEN, MEDIA_HIDDEN], scale)]);
    const mixed = g.node('MatMul', [context, g.randomWeight(`${prefix}.layer.${layer}.context.weight`, [MEDIA_HIDDEN, MEDIA_HIDDEN], scale)]);
    const bias = g.randomWeight(`${prefix}.layer.${layer}.bias`, [MEDIA_HIDDEN], 0.1);
    const update = g.node('Tanh', [g.node('Add', [g.node('Add', [own, mixed]), bias])]);
    x = layerNorm(g, g.node('Add', [x, update]));
  }
  return x;
}

/** Mean over the sequence axis: [batch, seq, hidden] → [batch, hidden]. */
export function meanPool(g: OnnxGraphBuilder, x: string): string {
  return g.node('ReduceMean', [x], { axes: [1], keepdims: 0 });
}

/** A linear layer with a random weight [in, out] and bias [out]. */
export function linear(g: OnnxGraphBuilder, x: string, name: string, inputs: number, outputs: number): string {
  const weight = g.randomWeight(`${name}.weight`, [inputs, outputs], 1 / Math.sqrt(inputs));
  const bias = g.randomWeight(`${name}.bias`, [outputs], 0.1);
  return g.node('Add', [g.node('MatMul', [x, weight]), bias]);
}

/**
 * Non-overlapping square patches of a [batch, channels, size, size] image, embedded by one strided
 * convolution (as ViT does) and flattened to [batch, patches, hidden].
 */
export function patchEmbed(g: OnnxGraphBuilder, pixels: string, prefix: string, channels: number, patch: number): string {
  const weight = g.randomWeight(`${prefix}.patch_embeddings.weight`, [MEDIA_HIDDEN, channels, patch, patch], 1 / Math.sqrt(channels * patch * patch));
  const bias = g.randomWeight(`${prefix}.patch_embeddings.bias`, [MEDIA_HIDDEN], 0.1);
  const grid = g.node('Conv', [pixels, weight, bias], { kernel_shape: [patch, patch], strides: [patch, patch] });
  const flat = g.node('Reshape', [grid, g.ints([0, MEDIA_HIDDEN, -1])]);
  return g.node('Transpose', [flat], { perm: [0, 2, 1] });
}

/** Prepends a learned [CLS] vector to every sequence of the batch: [B, N, H] → [B, N+1, H]. */
export function prependClsToken(g: OnnxGraphBuilder, x: string, prefix: string): string {
  const cls = g.randomWeight(`${prefix}.cls_token`, [1, 1, MEDIA_HIDDEN], 1);
  const batch = g.node('Gather', [g.node('Shape', [x]), g.ints([0])], { axis: 0 });
  const shape = g.node('Concat', [batch, g.ints([1, MEDIA_HIDDEN])], { axis: 0 });
  return g.node('Concat', [g.node('Expand', [cls, shape]), x], { axis: 1 });
}

/** Divides each row by its L2 norm (last axis). */
export function l2Normalize(g: OnnxGraphBuilder, x: string): string {
  const norm = g.node('ReduceL2', [x], { axes: [-1], keepdims: 1 });
  return g.node('Div', [x, g.node('Max', [norm, g.scalar(1e-12)])]);
}
