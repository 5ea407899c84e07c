import { loadTransformers } from '../host';
import { assertClose, fail } from './assert';
import { assertDims, flatFloats, inputObject, loadNamedClass, modelClassPipeline, plainTensor, requireTable, type PlainTensor } from './model-class';
import type { Call, HarnessContext, TaskHarness } from './types';

/**
 * PatchTST / PatchTSMixer under `feature-extraction`: a forecaster's features for given past values.
 * transformers.js 4.3.1 has no pipeline and no AutoModel class for MODEL_FOR_TIME_SERIES_PREDICTION_MAPPING_NAMES,
 * so the harness loads the class `config.architectures` names: `<X>ForPrediction` (past_values →
 * prediction_outputs [1, prediction_length, channels]) or the base `<X>Model` (→ last_hidden_state
 * [1, channels, patches, d_model]). An input is `{ past_values }`: context_length rows of one value per channel.
 */

export interface SeriesInput {
  past_values: number[][];
}
export type SeriesOutput = { prediction_outputs: PlainTensor } | { last_hidden_state: PlainTensor };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SeriesConfig = Record<string, any>;

/** Each forecaster's classes in transformers.js 4.3.1, the prediction head first (what a suite loads when config.architectures names neither). */
const FORECASTER_CLASSES: Record<string, readonly string[]> = {
  patchtst: ['PatchTSTForPrediction', 'PatchTSTModel'],
  patchtsmixer: ['PatchTSMixerForPrediction', 'PatchTSMixerModel'],
};

const isPrediction = (config: SeriesConfig) => String(config.architectures?.[0] ?? '').endsWith('ForPrediction');
const channels = (config: SeriesConfig): number => config.num_input_channels;

/** Patches of a context window, as PatchTST's and PatchTSMixer's patchify count them. */
export function patchCount(config: SeriesConfig): number {
  const stride = config.patch_stride ?? config.patch_length;
  return Math.floor((Math.max(config.context_length, config.patch_length) - config.patch_length) / stride) + 1;
}

/** A synthetic multichannel series: one sine per channel with its own period, offset and trend. */
function syntheticSeries(config: SeriesConfig, variant: number): number[][] {
  return Array.from({ length: config.context_length as number }, (_, t) =>
    Array.from({ length: channels(config) }, (_, c) => 10 * c + Math.sin((2 * Math.PI * t) / (6 + c + 3 * variant)) * (1 + c) + 0.05 * t * (variant + 1)),
  );
}

function seriesCalls(ctx: HarnessContext): Call[] {
  const config = ctx.pipe.model.config as SeriesConfig;
  return [0, 1].map((variant) => ({ label: `synthetic ${channels(config)}-channel series ${variant + 1}`, input: { past_values: syntheticSeries(config, variant) } satisfies SeriesInput }));
}

const affine = (input: SeriesInput, a: number, b: number): SeriesInput => ({ past_values: input.past_values.map((row) => row.map((v) => a * v + b)) });

export const timeSeriesFeatures: TaskHarness = {
  task: 'feature-extraction',
  calls: seriesCalls,
  batch(ctx) {
    const [a, b] = seriesCalls(ctx) as [Call, Call];
    return {
      calls: [a, b],
      batched: { label: 'batch of two series', input: [a.input, b.input] },
      split: (output: unknown) => {
        if (!Array.isArray(output) || output.length !== 2) fail(`batched forecast: expected one output per series, got ${typeof output}`);
        return [output[0], output[1]] as [unknown, unknown];
      },
    };
  },
  validate(call, ctx) {
    const config = ctx.pipe.model.config as SeriesConfig;
    const { past_values } = inputObject(call, `{ past_values }: ${config.context_length} rows of ${channels(config)} values`);
    requireTable(call, past_values, 'past_values', config.context_length, channels(config));
  },
  check(output, _call, ctx) {
    const config = ctx.pipe.model.config as SeriesConfig;
    const out = (output ?? {}) as Record<string, unknown>;
    if (isPrediction(config)) {
      const forecast = out.prediction_outputs;
      assertDims(forecast, 'prediction_outputs', [1, config.prediction_length, channels(config)]);
      if (forecast.data.every((v) => v === forecast.data[0])) fail(`prediction_outputs: every forecast value is ${forecast.data[0]}; the model ignored the series`);
    } else {
      assertDims(out.last_hidden_state, 'last_hidden_state', [1, channels(config), patchCount(config), config.d_model]);
    }
  },
  badInputs(ctx) {
    const config = ctx.pipe.model.config as SeriesConfig;
    const good = syntheticSeries(config, 0);
    return [
      { name: 'too short', call: { label: 'a series one step short', input: { past_values: good.slice(1) } }, error: new RegExp(`has ${good.length - 1} rows; the model takes exactly ${good.length}`) },
      { name: 'channel missing', call: { label: 'a channel missing', input: { past_values: good.map((r) => r.slice(1)) } }, error: new RegExp(`must hold ${channels(config)} values`) },
      { name: 'NaN', call: { label: 'a NaN value', input: { past_values: good.map((r, t) => (t === 3 ? [Number.NaN, ...r.slice(1)] : r)) } }, error: /past_values\[3\]\[0\] is NaN/ },
      { name: 'not a series', call: { label: 'a bare number', input: 42 }, error: /expected \{ past_values \}/ },
    ];
  },
  extraTests: [
    {
      // The std scaler standardises each channel: a·x + b is forecast as a·f(x) + b (hidden states unchanged);
      // the mean scaler divides by mean |x|: a·x is forecast as a·f(x). Without scaling, nothing is promised.
      name: 'follows the scale of the series (the config’s scaler)',
      async run(ctx) {
        const config = ctx.pipe.model.config as SeriesConfig;
        const scaling = config.scaling === true ? 'std' : config.scaling;
        if (scaling !== 'std' && scaling !== 'mean') return;
        const [a, b] = scaling === 'std' ? [3, 5] : [3, 0];
        const input = seriesCalls(ctx)[0]!.input as SeriesInput;
        const base = (await ctx.pipe(input)) as Record<string, PlainTensor>;
        const moved = (await ctx.pipe(affine(input, a, b))) as Record<string, PlainTensor>;
        if (isPrediction(config)) {
          const expected = Array.from(base.prediction_outputs!.data, (v) => a * v + b);
          assertClose(Array.from(moved.prediction_outputs!.data), expected, `forecast of ${a}·x + ${b}`, 1e-3);
        } else {
          assertClose(Array.from(moved.last_hidden_state!.data), Array.from(base.last_hidden_state!.data), `hidden states of ${a}·x + ${b}`, 1e-3);
        }
      },
    },
  ],
  async load(request) {
    const { model } = await loadNamedClass(request, FORECASTER_CLASSES);
    const { Tensor } = loadTransformers();
    // One series, or an array of them run as one batch (one output per series).
    return modelClassPipeline('feature-extraction', model, undefined, async (input) => {
      const series = (Array.isArray(input) ? input : [input]).map((s) => (s as SeriesInput).past_values);
      const [steps, width] = [series[0]!.length, series[0]![0]!.length];
      const outputs = await model({ past_values: new Tensor('float32', Float32Array.from(series.flatMap((rows) => [...flatFloats(rows)])), [series.length, steps, width]) });
      const name = 'prediction_outputs' in outputs ? 'prediction_outputs' : 'last_hidden_state';
      const items = series.map((_, i) => ({ [name]: plainTensor(outputs[name].slice([i, i + 1]), name) }) as SeriesOutput);
      return Array.isArray(input) ? items : items[0];
    });
  },
};
