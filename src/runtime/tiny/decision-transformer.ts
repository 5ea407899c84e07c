import { layerNorm, linear, MEDIA_HIDDEN } from './media-layers';
import { OnnxGraphBuilder } from './onnx';

/**
 * A tiny DecisionTransformerModel in the layout of its ONNX export (optimum's
 * DecisionTransformerOnnxConfig; one `onnx/model.onnx`, EncoderOnly): states, actions,
 * returns_to_go, timesteps and attention_mask → state_preds, action_preds, return_preds and
 * last_hidden_state. As in the real model, every step becomes three tokens (return, state, action)
 * plus a timestep embedding, a causal stack runs over the 3·T tokens, actions are predicted from
 * state tokens (tanh-bounded) and states and returns from action tokens, so no prediction sees
 * the future.
 */

export const DT_STATE_DIM = 11;
export const DT_ACT_DIM = 3;
export const DT_MAX_EP_LEN = 64;

export function decisionTransformerConfig(architecture: string, layers: number): Record<string, unknown> {
  return {
    architectures: [architecture], model_type: 'decision_transformer', state_dim: DT_STATE_DIM, act_dim: DT_ACT_DIM, hidden_size: MEDIA_HIDDEN,
    max_ep_len: DT_MAX_EP_LEN, action_tanh: true, vocab_size: 1, n_positions: 3 * DT_MAX_EP_LEN, n_layer: layers, n_head: 4, n_inner: MEDIA_HIDDEN * 2,
    activation_function: 'relu',
  };
}

/**
 * Causal token mixing (the GPT-2 stack's stand-in): each token adds `tanh(x·W + c·V + b)`, where c is
 * the mean of the unmasked tokens up to and including it (CumSum), so token i never sees tokens after i.
 */
function causalMixingLayers(g: OnnxGraphBuilder, x: string, mask: string, layers: number): string {
  const count = g.node('Max', [g.node('CumSum', [mask, g.ints(1)]), g.scalar(1)]);
  for (let layer = 0; layer < layers; layer++) {
    const context = g.node('Div', [g.node('CumSum', [g.node('Mul', [x, mask]), g.ints(1)]), count]);
    const own = g.node('MatMul', [x, g.randomWeight(`encoder.layer.${layer}.token.weight`, [MEDIA_HIDDEN, MEDIA_HIDDEN], 1 / Math.sqrt(MEDIA_HIDDEN))]);
    const mixed = g.node('MatMul', [context, g.randomWeight(`encoder.layer.${layer}.context.weight`, [MEDIA_HIDDEN, MEDIA_HIDDEN], 1 / Math.sqrt(MEDIA_HIDDEN))]);
    const update = g.node('Tanh', [g.node('Add', [g.node('Add', [own, mixed]), g.randomWeight(`encoder.layer.${layer}.bias`, [MEDIA_HIDDEN], 0.1)])]);
    x = layerNorm(g, g.node('Add', [x, update]));
  }
  return x;
}

/** Interleaves [batch, T, H] streams step by step: (a₁, b₁, c₁, a₂, …) as [batch, T·n, H]. */
function interleave(g: OnnxGraphBuilder, streams: string[], width: number): string {
  const stacked = g.node('Concat', streams.map((s) => g.node('Unsqueeze', [s, g.ints([2])])), { axis: 2 });
  return g.node('Reshape', [stacked, g.ints([0, -1, width])]);
}

export function buildDecisionTransformerGraph(seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder('tiny_decision_transformer', seed);
  const states = g.input('states', 'float32', ['batch_size', 'sequence_length', DT_STATE_DIM]);
  const actions = g.input('actions', 'float32', ['batch_size', 'sequence_length', DT_ACT_DIM]);
  const timesteps = g.input('timesteps', 'int64', ['batch_size', 'sequence_length']);
  const returns = g.input('returns_to_go', 'float32', ['batch_size', 'sequence_length', 1]);
  // optimum's dummy generator makes every input but timesteps a float tensor.
  const attentionMask = g.input('attention_mask', 'float32', ['batch_size', 'sequence_length']);

  const time = g.node('Gather', [g.randomWeight('embed_timestep.weight', [DT_MAX_EP_LEN, MEDIA_HIDDEN], 1), timesteps], { axis: 0 });
  const embed = (x: string, name: string, width: number) => g.node('Add', [linear(g, x, name, width, MEDIA_HIDDEN), time]);
  const tokens = interleave(g, [embed(returns, 'embed_return', 1), embed(states, 'embed_state', DT_STATE_DIM), embed(actions, 'embed_action', DT_ACT_DIM)], MEDIA_HIDDEN);
  const stepMask = g.node('Unsqueeze', [attentionMask, g.ints([2])]);
  const tokenMask = interleave(g, [stepMask, stepMask, stepMask], 1);
  const hidden = causalMixingLayers(g, layerNorm(g, tokens), tokenMask, layers);
  g.output('last_hidden_state', 'float32', ['batch_size', 'tokens', MEDIA_HIDDEN], hidden);

  // Back to [batch, T, 3, H]: token 1 of each step is its state, token 2 its action.
  const perStep = g.node('Reshape', [hidden, g.ints([0, -1, 3, MEDIA_HIDDEN])]);
  const stateTokens = g.node('Gather', [perStep, g.ints(1)], { axis: 2 });
  const actionTokens = g.node('Gather', [perStep, g.ints(2)], { axis: 2 });
  g.output('state_preds', 'float32', ['batch_size', 'sequence_length', DT_STATE_DIM], linear(g, actionTokens, 'predict_state', MEDIA_HIDDEN, DT_STATE_DIM));
  g.output('action_preds', 'float32', ['batch_size', 'sequence_length', DT_ACT_DIM], g.node('Tanh', [linear(g, stateTokens, 'predict_action', MEDIA_HIDDEN, DT_ACT_DIM)]));
  g.output('return_preds', 'float32', ['batch_size', 'sequence_length', 1], linear(g, actionTokens, 'predict_return', MEDIA_HIDDEN, 1));
  return g.toBytes();
}
