import { layerNorm, linear, MEDIA_HIDDEN, mixingLayers } from './media-layers';
import { OnnxGraphBuilder } from './onnx';

/**
 * Tiny PatchTST / PatchTSMixer forecasters in the layout of their ONNX exports (one
 * `onnx/model.onnx`, EncoderOnly): `past_values` [batch, context_length, channels] →
 * `prediction_outputs` [batch, prediction_length, channels]. As in the real models, each channel is
 * standardised by its own mean and std (`scaling: "std"`), cut into patches, encoded per channel,
 * and the forecast is put back on the input's scale, so a shifted and scaled series gets the
 * same forecast shifted and scaled. PatchTST mixes patches like attention (with the whole series),
 * PatchTSMixer with an MLP across the patch axis.
 */

export const SERIES_CHANNELS = 3;
export const SERIES_CONTEXT = 32;
export const SERIES_PATCH = 8;
export const SERIES_PATCHES = SERIES_CONTEXT / SERIES_PATCH;
export const SERIES_PREDICTION = 12;
/** The std scaler's minimum (PatchTSTStdScaler's `minimum_scale`): a constant series does not divide by 0. */
const MINIMUM_SCALE = 1e-5;

export type SeriesType = 'patchtst' | 'patchtsmixer';

export function timeSeriesConfig(modelType: SeriesType, architecture: string, layers: number): Record<string, unknown> {
  const common = {
    architectures: [architecture], model_type: modelType, num_input_channels: SERIES_CHANNELS, context_length: SERIES_CONTEXT,
    patch_length: SERIES_PATCH, patch_stride: SERIES_PATCH, prediction_length: SERIES_PREDICTION, d_model: MEDIA_HIDDEN, scaling: 'std', loss: 'mse',
  };
  return modelType === 'patchtst'
    ? { ...common, num_hidden_layers: layers, num_attention_heads: 4, ffn_dim: MEDIA_HIDDEN * 2, share_embedding: true, channel_attention: false, pooling_type: 'mean' }
    : { ...common, num_layers: layers, expansion_factor: 2, mode: 'common_channel', gated_attn: true, self_attn: false, head_aggregation: null };
}

/** PatchTSMixer's patch mixer: an MLP over the patch axis of [rows, patches, hidden], then one over the features. */
function patchMixerLayers(g: OnnxGraphBuilder, x: string, layers: number): string {
  for (let layer = 0; layer < layers; layer++) {
    const across = g.node('Transpose', [x], { perm: [0, 2, 1] });
    const mixed = linear(g, across, `mixer.layer.${layer}.patch_mlp`, SERIES_PATCHES, SERIES_PATCHES);
    x = layerNorm(g, g.node('Add', [x, g.node('Transpose', [g.node('Tanh', [mixed])], { perm: [0, 2, 1] })]));
    x = layerNorm(g, g.node('Add', [x, g.node('Tanh', [linear(g, x, `mixer.layer.${layer}.feature_mlp`, MEDIA_HIDDEN, MEDIA_HIDDEN)])]));
  }
  return x;
}

/**
 * `<X>ForPrediction`'s graph, or with `baseModel` the bare `<X>Model`'s: the encoder's
 * last_hidden_state [batch, channels, patches, d_model] (what AutoModel loads for a base checkpoint).
 */
export function buildTimeSeriesGraph(modelType: SeriesType, seed: string, layers: number, baseModel = false): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${modelType}_${baseModel ? 'model' : 'prediction'}`, seed);
  const values = g.input('past_values', 'float32', ['batch_size', SERIES_CONTEXT, SERIES_CHANNELS]);
  // Std scaling per series and channel over time: [batch, 1, channels].
  const loc = g.node('ReduceMean', [values], { axes: [1], keepdims: 1 });
  const centred = g.node('Sub', [values, loc]);
  const variance = g.node('ReduceMean', [g.node('Mul', [centred, centred])], { axes: [1], keepdims: 1 });
  const scale = g.node('Sqrt', [g.node('Add', [variance, g.scalar(MINIMUM_SCALE)])]);
  const scaled = g.node('Div', [centred, scale]);

  // Patches per channel: [batch, channels, patches, patch_length] → rows of [patches, hidden].
  const perChannel = g.node('Transpose', [scaled], { perm: [0, 2, 1] });
  const patches = g.node('Reshape', [perChannel, g.ints([-1, SERIES_PATCHES, SERIES_PATCH])]);
  const position = g.randomWeight('encoder.positional_encoding', [SERIES_PATCHES, MEDIA_HIDDEN], 0.5);
  const embedded = layerNorm(g, g.node('Add', [linear(g, patches, 'encoder.patch_embedding', SERIES_PATCH, MEDIA_HIDDEN), position]));
  const encoded = modelType === 'patchtst' ? mixingLayers(g, embedded, 'encoder', layers) : patchMixerLayers(g, embedded, layers);

  if (baseModel) {
    const hidden = g.node('Reshape', [encoded, g.ints([-1, SERIES_CHANNELS, SERIES_PATCHES, MEDIA_HIDDEN])]);
    g.output('last_hidden_state', 'float32', ['batch_size', SERIES_CHANNELS, SERIES_PATCHES, MEDIA_HIDDEN], hidden);
    return g.toBytes();
  }
  // Flatten head: every channel's patches → its forecast, then back to [batch, prediction, channels] on the input's scale.
  const flat = g.node('Reshape', [encoded, g.ints([-1, SERIES_CHANNELS, SERIES_PATCHES * MEDIA_HIDDEN])]);
  const forecast = linear(g, flat, 'head.projection', SERIES_PATCHES * MEDIA_HIDDEN, SERIES_PREDICTION);
  const unscaled = g.node('Add', [g.node('Mul', [g.node('Transpose', [forecast], { perm: [0, 2, 1] }), scale]), loc]);
  g.output('prediction_outputs', 'float32', ['batch_size', SERIES_PREDICTION, SERIES_CHANNELS], unscaled);
  return g.toBytes();
}
