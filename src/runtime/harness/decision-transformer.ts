import { loadTransformers } from '../host';
import { assertClose, fail, InvalidInputError } from './assert';
import { assertDims, flatFloats, inputObject, modelClassPipeline, plainTensor, requireTable, type PlainTensor } from './model-class';
import type { Call, HarnessContext, TaskHarness } from './types';

/**
 * The decision transformer under `feature-extraction`: for a trajectory (states, actions,
 * returns-to-go and timesteps of T steps) the model's predictions at every step. transformers.js
 * 4.3.1 has no pipeline for it; AutoModel loads DecisionTransformerModel (MODEL_MAPPING_NAMES_ENCODER_ONLY)
 * and its forward feeds the five inputs of the export: state_preds [1, T, state_dim], action_preds
 * [1, T, act_dim], return_preds [1, T, 1], last_hidden_state [1, 3T, hidden_size].
 */

export interface Trajectory {
  states: number[][];
  actions: number[][];
  returns_to_go: number[];
  timesteps: number[];
}

const OUTPUTS = ['state_preds', 'action_preds', 'return_preds', 'last_hidden_state'] as const;
export type TrajectoryOutput = Record<(typeof OUTPUTS)[number], PlainTensor>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type DtConfig = Record<string, any>;

function syntheticTrajectory(config: DtConfig, steps: number, start: number, variant: number): Trajectory {
  const wave = (t: number, i: number) => Math.sin(0.7 * (t + start) + i * (1.3 + variant));
  return {
    states: Array.from({ length: steps }, (_, t) => Array.from({ length: config.state_dim as number }, (_, i) => wave(t, i))),
    actions: Array.from({ length: steps }, (_, t) => Array.from({ length: config.act_dim as number }, (_, i) => 0.8 * wave(t + 0.5, i + 7))),
    returns_to_go: Array.from({ length: steps }, (_, t) => 3600 / 1000 - 0.1 * (t + start) * (variant + 1)),
    timesteps: Array.from({ length: steps }, (_, t) => t + start),
  };
}

function trajectoryCalls(ctx: HarnessContext): Call[] {
  const config = ctx.pipe.model.config as DtConfig;
  return [
    { label: 'synthetic trajectory of 6 steps', input: syntheticTrajectory(config, 6, 0, 0) },
    { label: 'another trajectory of 6 steps', input: syntheticTrajectory(config, 6, 0, 1) },
    { label: 'trajectory of 3 steps from step 10', input: syntheticTrajectory(config, 3, 10, 2) },
  ];
}

const predict = async (ctx: HarnessContext, input: Trajectory) => (await ctx.pipe(input)) as TrajectoryOutput;

/** Values of `tensor` [1, T, width] at steps `from` ≤ t < `to`. */
const atSteps = (tensor: PlainTensor, from: number, to: number) => {
  const width = tensor.dims[2]!;
  return Array.from(tensor.data.slice(from * width, to * width));
};

export const decisionTransformerFeatures: TaskHarness = {
  task: 'feature-extraction',
  calls: trajectoryCalls,
  batch(ctx) {
    const [a, b] = trajectoryCalls(ctx) as [Call, Call];
    return {
      calls: [a, b],
      batched: { label: 'batch of two trajectories', input: [a.input, b.input] },
      split: (output: unknown) => {
        if (!Array.isArray(output) || output.length !== 2) fail('batched predictions: expected one output per trajectory');
        return [output[0], output[1]] as [unknown, unknown];
      },
    };
  },
  validate(call, ctx) {
    const config = ctx.pipe.model.config as DtConfig;
    const input = inputObject(call, '{ states, actions, returns_to_go, timesteps }');
    const states = requireTable(call, input.states, 'states', undefined, config.state_dim);
    requireTable(call, input.actions, 'actions', states.length, config.act_dim);
    for (const name of ['returns_to_go', 'timesteps'] as const) {
      const list = input[name];
      if (!Array.isArray(list) || list.length !== states.length) throw new InvalidInputError(`${call.label}: ${name} must hold one value per step (${states.length}), got ${Array.isArray(list) ? list.length : typeof list}`);
      list.forEach((v, i) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidInputError(`${call.label}: ${name}[${i}] is ${String(v)}, not a finite number`);
        if (name === 'timesteps' && (!Number.isInteger(v) || v < 0 || v >= config.max_ep_len)) {
          throw new InvalidInputError(`${call.label}: timesteps[${i}] = ${v} is outside the episode (whole numbers 0 to max_ep_len − 1 = ${config.max_ep_len - 1})`);
        }
      });
    }
  },
  check(output, call, ctx) {
    const config = ctx.pipe.model.config as DtConfig;
    const out = (output ?? {}) as Partial<TrajectoryOutput>;
    const t = (call.input as Trajectory).states.length;
    assertDims(out.state_preds, 'state_preds', [1, t, config.state_dim]);
    assertDims(out.action_preds, 'action_preds', [1, t, config.act_dim]);
    assertDims(out.return_preds, 'return_preds', [1, t, 1]);
    assertDims(out.last_hidden_state, 'last_hidden_state', [1, 3 * t, config.hidden_size]);
    if (config.action_tanh !== false) {
      out.action_preds.data.forEach((a, i) => {
        if (a < -1 || a > 1) fail(`action_preds[${i}] = ${a}: action_tanh bounds actions to [-1, 1]`);
      });
    }
  },
  badInputs(ctx) {
    const config = ctx.pipe.model.config as DtConfig;
    const good = syntheticTrajectory(config, 4, 0, 0);
    return [
      { name: 'action missing', call: { label: 'one action short', input: { ...good, actions: good.actions.slice(1) } }, error: /actions has 3 rows; the model takes exactly 4/ },
      { name: 'state width', call: { label: 'short states', input: { ...good, states: good.states.map((s) => s.slice(1)) } }, error: new RegExp(`states\\[0\\] must hold ${config.state_dim} values`) },
      { name: 'timestep past the episode', call: { label: 'timestep too late', input: { ...good, timesteps: [0, 1, 2, config.max_ep_len] } }, error: /timesteps\[3\] = \d+ is outside the episode/ },
      { name: 'returns missing', call: { label: 'no returns', input: { ...good, returns_to_go: [] } }, error: /returns_to_go must hold one value per step/ },
      { name: 'empty', call: { label: 'no steps', input: { states: [], actions: [], returns_to_go: [], timesteps: [] } }, error: /states must be a non-empty array/ },
    ];
  },
  extraTests: [
    {
      // Steps become (return, state, action) tokens under a causal stack: a_t is predicted from s_t's token, s_{t+1} and R from a_t's.
      name: 'is causal: no prediction depends on later steps',
      async run(ctx) {
        const input = trajectoryCalls(ctx)[0]!.input as Trajectory;
        const last = input.states.length - 1;
        const base = await predict(ctx, input);
        const lastAction = await predict(ctx, { ...input, actions: input.actions.map((a, t) => (t === last ? a.map((v) => -v) : a)) });
        assertClose(Array.from(lastAction.action_preds.data), Array.from(base.action_preds.data), 'action_preds after changing the last action', 1e-5);
        assertClose(atSteps(lastAction.state_preds, 0, last), atSteps(base.state_preds, 0, last), 'earlier state_preds after changing the last action', 1e-5);
        const k = 3;
        const stateK = await predict(ctx, { ...input, states: input.states.map((s, t) => (t === k ? s.map((v) => v + 1) : s)) });
        for (const name of ['state_preds', 'action_preds', 'return_preds'] as const) {
          assertClose(atSteps(stateK[name], 0, k), atSteps(base[name], 0, k), `${name} before step ${k} after changing state ${k}`, 1e-5);
        }
        if (atSteps(stateK.action_preds, k, k + 1).every((v, i) => v === atSteps(base.action_preds, k, k + 1)[i])) {
          fail(`action_preds at step ${k} ignored the state at step ${k}`);
        }
      },
    },
  ],
  async load({ transformers, modelId, options }) {
    const model = await transformers.AutoModel.from_pretrained(modelId, options as never);
    const { Tensor } = loadTransformers();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const dt = model as any;
    // The export's attention_mask type (optimum's dummy inputs make it float32; int64 in other exports).
    const maskType = (dt.sessions.model.inputMetadata as Array<{ name: string; type?: string }> | undefined)?.find((m) => m.name === 'attention_mask')?.type ?? 'float32';
    return modelClassPipeline('feature-extraction', model, undefined, async (input) => {
      const items = (Array.isArray(input) ? input : [input]) as Trajectory[];
      const [b, t] = [items.length, items[0]!.states.length];
      const floats = (rows: (x: Trajectory) => number[][], width: number) => new Tensor('float32', Float32Array.from(items.flatMap((x) => [...flatFloats(rows(x))])), [b, t, width]);
      const ones = maskType === 'int64' ? new BigInt64Array(b * t).fill(1n) : new Float32Array(b * t).fill(1);
      const outputs = await dt({
        states: floats((x) => x.states, items[0]!.states[0]!.length),
        actions: floats((x) => x.actions, items[0]!.actions[0]!.length),
        returns_to_go: floats((x) => x.returns_to_go.map((r) => [r]), 1),
        timesteps: new Tensor('int64', BigInt64Array.from(items.flatMap((x) => x.timesteps), (v) => BigInt(v)), [b, t]),
        attention_mask: new Tensor(maskType as 'float32', ones as Float32Array, [b, t]),
      });
      const split = items.map((_, i) => Object.fromEntries(OUTPUTS.map((name) => [name, plainTensor(outputs[name].slice([i, i + 1]), name)])) as TrajectoryOutput);
      return Array.isArray(input) ? split : split[0];
    });
  },
};
