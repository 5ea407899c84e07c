/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertClose, harnessFor, supportedTasks, type HarnessContext, type TaskHarness } from '../../src/runtime/harness';
import { loadPipeline, runCall } from '../../src/runtime/describe-model';
import { loadOrt, loadTransformers } from '../../src/runtime/host';
import { chooseModelSourceSync } from '../../src/runtime/source';
import type { ModelSpec } from '../../src/runtime/spec';
import { buildTinyModel, tinyArchitectureFor, tinyCoverage } from '../../src/runtime/tiny';
import { writeDirectoryAtomically } from '../../src/runtime/tiny/cache';
import { renderModelClassFiles } from '../../src/runtime/tiny/model-class';
import { bareSpec, passesHarness, alteredPipe, loadedOncePerFile, provesWrongOutputsFail } from './tiny-context';
import { openTinySession } from './tiny-workspace';
import { scratchRoot } from '../helpers/tmp';

/**
 * The families transformers.js 4.3.1 runs only through model classes (codecs, forecasters, the
 * decision transformer, ViTMatte, ViTPose): tiny models in their exports' layout, loaded by each
 * family harness's own loader (as a generated suite loads them), their outputs checked, and every
 * check shown to fail on altered outputs.
 */
const transformers = loadTransformers();
const ort = loadOrt();
jest.setTimeout(120_000);

const PAIRS: Array<[modelType: string, task: string, category: ModelSpec['category'], architecture: string, kind: string]> = [
  ['dac', 'feature-extraction', 'audio', 'DacModel', 'codec'],
  ['mimi', 'feature-extraction', 'audio', 'MimiModel', 'codec'],
  ['patchtst', 'feature-extraction', 'other', 'PatchTSTForPrediction', 'time-series'],
  ['patchtsmixer', 'feature-extraction', 'other', 'PatchTSMixerForPrediction', 'time-series'],
  ['decision_transformer', 'feature-extraction', 'other', 'DecisionTransformerModel', 'decision-transformer'],
  ['vitmatte', 'image-matting', 'vision', 'VitMatteForImageMatting', 'matting'],
  ['vitpose', 'pose-estimation', 'vision', 'VitPoseForPoseEstimation', 'pose'],
];
const category = (modelType: string) => PAIRS.find((p) => p[0] === modelType)![2];
const taskOf = (modelType: string) => PAIRS.find((p) => p[0] === modelType)![1];

let cacheDir: string;
const timings: Array<{ modelType: string; buildMs: number; loadMs: number }> = [];
beforeAll(() => {
  cacheDir = fs.mkdtempSync(path.join(scratchRoot(), 'tiny-model-class-'));
});
afterAll(() => {
  if (timings.length) {
    const line = (t: (typeof timings)[number]) => `${t.modelType} build ${t.buildMs.toFixed(1)} ms, load ${t.loadMs.toFixed(1)} ms`;
    console.log(`tiny model-class families: ${timings.length}; ${timings.map(line).join('; ')}`);
  }
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

/** A tiny model built and loaded through the runtime's own loadPipeline (the harness's load), timed. */
async function loadContext(modelType: string): Promise<HarnessContext> {
  const task = taskOf(modelType);
  const spec = bareSpec(modelType, task, category(modelType));
  let start = performance.now();
  const tiny = await buildTinyModel({ modelType, task, cacheDir });
  const buildMs = performance.now() - start;
  start = performance.now();
  const pipe = await loadPipeline(spec, { kind: 'tiny', modelId: tiny.modelId, localModelPath: cacheDir, dir: tiny.dir, description: 'tiny' }, 'cpu');
  if (!timings.some((t) => t.modelType === modelType)) timings.push({ modelType, buildMs, loadMs: performance.now() - start });
  return { spec, pipe, labels: Object.values((pipe.model.config.id2label ?? {}) as Record<string, string>), realCheckpoint: false };
}

/** Each family's model, loaded once and shared by the tests below. */
const context = loadedOncePerFile(loadContext, (ctx) => ctx.pipe.dispose());

const harnessOf = (modelType: string) => harnessFor(taskOf(modelType), modelType)!;

/** Runs every check, extra test and the batch plan of the family's harness on the tiny model. */
async function passesEverything(modelType: string, architecture: string): Promise<HarnessContext> {
  const ctx = await context(modelType);
  expect(ctx.pipe.model.constructor.name).toBe(architecture);
  const harness = harnessOf(modelType);
  await passesHarness(ctx, harness);
  for (const extra of harness.extraTests ?? []) await extra.run(ctx);
  const plan = harness.batch?.(ctx);
  if (plan) {
    const [a, b] = plan.split(await runCall(harness, ctx, plan.batched));
    assertClose(a, await runCall(harness, ctx, plan.calls[0]), 'first item of the batch');
    assertClose(b, await runCall(harness, ctx, plan.calls[1]), 'second item of the batch');
  }
  return ctx;
}

const extraTest = (harness: TaskHarness, name: RegExp) => harness.extraTests!.find((t) => name.test(t.name))!;

describe('registry: each family maps to its class, its task and its own harness', () => {
  test.each(PAIRS)('%s %s', (modelType, task, cat, architecture, kind) => {
    expect(tinyArchitectureFor(modelType, task)).toEqual({ supported: true, kind, modelType, task, architecture });
    expect(tinyCoverage()).toContainEqual({ modelType, task, kind });
    const harness = harnessFor(task, modelType)!;
    expect(harness.load).toBeDefined();
    expect(harness).not.toBe(harnessFor(task));
    const decision = chooseModelSourceSync(bareSpec(modelType, task, cat), {});
    expect(decision.ok && decision.source.kind).toBe('tiny');
  });

  test('the task names are transformers.js’s own mappings; no pipeline runs these families', async () => {
    for (const [modelType] of PAIRS.filter((p) => p[1] === 'feature-extraction')) expect(transformers.AutoModel.supports(modelType)).toBe(true);
    expect(transformers.AutoModelForImageMatting.supports('vitmatte')).toBe(true);
    expect(transformers.AutoModelForPoseEstimation.supports('vitpose')).toBe(true);
    expect(supportedTasks()).not.toContain('image-matting');
    for (const task of ['image-matting', 'pose-estimation']) {
      await expect(transformers.pipeline(task as never, 'x/y')).rejects.toThrow(new RegExp(`Unsupported pipeline: ${task}`));
    }
    // The feature-extraction pipeline loads DacModel, but it tokenizes its input: a codec has no tokenizer.
    const dac = await buildTinyModel({ modelType: 'dac', task: 'feature-extraction', cacheDir });
    Object.assign(transformers.env, { allowRemoteModels: false, allowLocalModels: true, localModelPath: `${cacheDir}/` });
    const textPipe = await transformers.pipeline('feature-extraction', dac.modelId, { local_files_only: true } as never);
    await expect(textPipe('some text')).rejects.toThrow(/this.tokenizer is not a function/);
    await textPipe.dispose();
  });

  test('other tasks of these families say exactly why not', () => {
    const reason = (modelType: string, task: string) => {
      const a = tinyArchitectureFor(modelType, task);
      return a.supported ? '' : a.reason;
    };
    expect(reason('dac', 'audio-classification')).toMatch(
      /^dac \(audio-classification\): transformers.js 4.3.1 has only DacModel, DacEncoderModel, DacDecoderModel for dac \(in MODEL_MAPPING_NAMES_AUTO_ENCODER .*\) and no pipeline that feeds them; they take input_values/,
    );
    expect(reason('patchtst', 'text-classification')).toMatch(/only PatchTSTModel, PatchTSTForPrediction for patchtst .*; they take past_values/);
    expect(reason('vitmatte', 'image-segmentation')).toMatch(/only VitMatteForImageMatting for vitmatte \(in MODEL_FOR_IMAGE_MATTING_MAPPING_NAMES\).*; only image-matting through VitMatteForImageMatting covers it/);
    expect(reason('vitpose', 'image-classification')).toMatch(/MODEL_FOR_POSE_ESTIMATION_MAPPING_NAMES.*only pose-estimation through VitPoseForPoseEstimation/);
  });
});

describe('files in the layout of the real exports', () => {
  const sessionNames = async (dir: string, file: string) => {
    const session = await openTinySession(path.join(dir, 'onnx', file));
    return { inputs: [...session.inputNames], outputs: [...session.outputNames].sort() };
  };

  test('codecs: encoder_model + decoder_model (MODEL_TYPES.AutoEncoder), a feature extractor', async () => {
    for (const [modelType, extractor] of [['dac', 'DacFeatureExtractor'], ['mimi', 'EncodecFeatureExtractor']]) {
      const model = await buildTinyModel({ modelType: modelType!, task: 'feature-extraction', cacheDir });
      expect(model.files).toEqual(['config.json', 'onnx/decoder_model.onnx', 'onnx/encoder_model.onnx', 'preprocessor_config.json']);
      expect(JSON.parse(fs.readFileSync(path.join(model.dir, 'preprocessor_config.json'), 'utf8'))).toMatchObject({ feature_extractor_type: extractor, feature_size: 1 });
      expect(await sessionNames(model.dir, 'encoder_model.onnx')).toEqual({ inputs: ['input_values'], outputs: ['audio_codes'] });
      expect(await sessionNames(model.dir, 'decoder_model.onnx')).toEqual({ inputs: ['audio_codes'], outputs: ['audio_values'] });
    }
  });

  test('forecasters, decision transformer, ViTMatte, ViTPose: one model.onnx with the export’s names', async () => {
    const expected: Record<string, { inputs: string[]; outputs: string[] }> = {
      patchtst: { inputs: ['past_values'], outputs: ['prediction_outputs'] },
      patchtsmixer: { inputs: ['past_values'], outputs: ['prediction_outputs'] },
      decision_transformer: { inputs: ['states', 'actions', 'timesteps', 'returns_to_go', 'attention_mask'], outputs: ['action_preds', 'last_hidden_state', 'return_preds', 'state_preds'] },
      vitmatte: { inputs: ['pixel_values'], outputs: ['alphas'] },
      vitpose: { inputs: ['pixel_values'], outputs: ['heatmaps'] },
    };
    for (const [modelType, names] of Object.entries(expected)) {
      const model = await buildTinyModel({ modelType, task: taskOf(modelType), cacheDir });
      expect(await sessionNames(model.dir, 'model.onnx')).toEqual(names);
      expect(model.files.includes('preprocessor_config.json')).toBe(modelType.startsWith('vit'));
    }
  });

  test('the same inputs give the same bytes; `layers` gives a deeper model', async () => {
    const other = fs.mkdtempSync(path.join(scratchRoot(), 'tiny-model-class-again-'));
    try {
      for (const [modelType, task] of PAIRS) {
        const a = await buildTinyModel({ modelType, task, cacheDir });
        const b = await buildTinyModel({ modelType, task, cacheDir: other });
        expect(b.modelId).toBe(a.modelId);
        for (const file of a.files) expect(fs.readFileSync(path.join(b.dir, file)).equals(fs.readFileSync(path.join(a.dir, file)))).toBe(true);
        const deep = await buildTinyModel({ modelType, task, cacheDir: other, layers: 3 });
        expect(deep.modelId).not.toBe(a.modelId);
        const file = a.files.find((f) => f.endsWith('.onnx'))!;
        expect(fs.statSync(path.join(deep.dir, file)).size).toBeGreaterThan(fs.statSync(path.join(a.dir, file)).size);
      }
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('each family runs through its harness: checks, determinism, bad inputs, extra tests, batching', () => {
  test.each(PAIRS)('%s %s', async (modelType, _task, _category, architecture) => {
    const ctx = await passesEverything(modelType, architecture);
    if (modelType === 'decision_transformer') {
      // The loader reads attention_mask's type from the session (float32 in optimum's export).
      expect(ctx.pipe.model.sessions.model.inputMetadata.find((m: { name: string }) => m.name === 'attention_mask')).toMatchObject({ type: 'float32' });
    }
  });

  test('a base PatchTSTModel / PatchTSMixerModel checkpoint gives hidden states that ignore the series’ scale', async () => {
    for (const [modelType, base] of [['patchtst', 'PatchTSTModel'], ['patchtsmixer', 'PatchTSMixerModel']] as const) {
      const modelId = `tiny-random/${modelType}-base-model`;
      writeDirectoryAtomically(path.join(cacheDir, modelId), renderModelClassFiles(modelType, 'feature-extraction', base, 'base-model'));
      const spec = bareSpec(modelType, 'feature-extraction', 'other');
      const pipe = await loadPipeline(spec, { kind: 'tiny', modelId, localModelPath: cacheDir, description: 'tiny base' }, 'cpu');
      expect(pipe.model.constructor.name).toBe(base);
      const ctx: HarnessContext = { spec, pipe, labels: [], realCheckpoint: false };
      const harness = harnessOf(modelType);
      const [output] = await passesHarness(ctx, harness);
      expect((output as any).last_hidden_state.dims).toEqual([1, 3, 4, 32]);
      await extraTest(harness, /scale/).run(ctx);
      // Hidden states that move with the series' level fail it.
      const levelled = alteredPipe(ctx, (o, input) => ({ last_hidden_state: { ...o.last_hidden_state, data: o.last_hidden_state.data.map((v: number) => v + 0.01 * input.past_values[0][0]) } }));
      await expect(extraTest(harness, /scale/).run(levelled)).rejects.toThrow(/hidden states of 3·x \+ 5/);
      await pipe.dispose();
    }
  });
});

describe('the harnesses fail on altered outputs', () => {
  test.each(['dac', 'mimi'])('%s: frames, codes and decoded audio', async (modelType) => {
    const ctx = await context(modelType);
    const harness = harnessOf(modelType);
    await provesWrongOutputsFail(ctx, harness, {
      'a frame missing': (o) => ({ ...o, audio_codes: { ...o.audio_codes, dims: [1, 4, o.audio_codes.dims[2] - 1], data: o.audio_codes.data.slice(4) } }),
      'a codebook missing': (o) => ({ ...o, audio_codes: { ...o.audio_codes, dims: [1, 3, o.audio_codes.dims[2]], data: o.audio_codes.data.slice(o.audio_codes.dims[2]) } }),
      'a code past the codebook': (o) => ({ ...o, audio_codes: { ...o.audio_codes, data: o.audio_codes.data.map((c: number, i: number) => (i === 5 ? 16 : c)) } }),
      'every code the same': (o) => ({ ...o, audio_codes: { ...o.audio_codes, data: o.audio_codes.data.map(() => 3) } }),
      'audio a hop short': (o) => ({ ...o, audio_values: { ...o.audio_values, dims: [1, 1, o.audio_values.dims[2] - 8], data: o.audio_values.data.slice(8) } }),
      'silence': (o) => ({ ...o, audio_values: { ...o.audio_values, data: o.audio_values.data.map(() => 0) } }),
      'NaN sample': (o) => ({ ...o, audio_values: { ...o.audio_values, data: o.audio_values.data.map((v: number, i: number) => (i === 7 ? Number.NaN : v)) } }),
    });
    // A decoder that ignores its codes fails the decode test.
    const realDecode = ctx.pipe.model.decode;
    let first: unknown;
    try {
      ctx.pipe.model.decode = async (inputs: unknown) => (first ??= await realDecode.call(ctx.pipe.model, inputs));
      await expect(extraTest(harness, /decoding other codes/).run(ctx)).rejects.toThrow(/changing a code left the audio unchanged/);
    } finally {
      // The model is shared with the other tests of this file.
      ctx.pipe.model.decode = realDecode;
    }
  });

  test.each(['patchtst', 'patchtsmixer'])('%s: forecast shape and scale', async (modelType) => {
    const ctx = await context(modelType);
    const harness = harnessOf(modelType);
    await provesWrongOutputsFail(ctx, harness, {
      'forecast a step short': (o) => ({ prediction_outputs: { ...o.prediction_outputs, dims: [1, 11, 3], data: o.prediction_outputs.data.slice(3) } }),
      'channels swapped for steps': (o) => ({ prediction_outputs: { ...o.prediction_outputs, dims: [1, 3, 12] } }),
      'constant forecast': (o) => ({ prediction_outputs: { ...o.prediction_outputs, data: o.prediction_outputs.data.map(() => 1) } }),
      'NaN forecast': (o) => ({ prediction_outputs: { ...o.prediction_outputs, data: o.prediction_outputs.data.map((v: number, i: number) => (i ? v : Number.NaN)) } }),
    });
    // A forecaster that ignores the scaler (adds a fixed offset after unscaling) fails the scale test.
    const offset = alteredPipe(ctx, (o) => ({ prediction_outputs: { ...o.prediction_outputs, data: o.prediction_outputs.data.map((v: number) => v + 1) } }));
    await expect(extraTest(harness, /scale/).run(offset)).rejects.toThrow(/forecast of 3·x \+ 5/);
  });

  test('decision_transformer: prediction shapes, action bounds and causality', async () => {
    const ctx = await context('decision_transformer');
    const harness = harnessOf('decision_transformer');
    await provesWrongOutputsFail(ctx, harness, {
      'action beyond tanh': (o) => ({ ...o, action_preds: { ...o.action_preds, data: o.action_preds.data.map((v: number, i: number) => (i ? v : 1.5)) } }),
      'one hidden state per step': (o) => ({ ...o, last_hidden_state: { ...o.last_hidden_state, dims: [1, 6, 32], data: o.last_hidden_state.data.slice(0, 6 * 32) } }),
      'no return predictions': (o) => ({ ...o, return_preds: undefined }),
      'state width wrong': (o) => ({ ...o, state_preds: { ...o.state_preds, dims: [1, 6, 10], data: o.state_preds.data.slice(6) } }),
    });
    // A model whose first action peeks at the last action fails the causality test.
    const leaky = alteredPipe(ctx, (o, input) => {
      const data = Float32Array.from(o.action_preds.data);
      data[0] = Math.tanh(data[0]! + input.actions.at(-1)[0]);
      return { ...o, action_preds: { ...o.action_preds, data } };
    });
    await expect(extraTest(harness, /causal/).run(leaky)).rejects.toThrow(/action_preds after changing the last action/);
  });

  test('vitmatte: the matte’s size and range', async () => {
    const ctx = await context('vitmatte');
    const harness = harnessOf('vitmatte');
    await provesWrongOutputsFail(ctx, harness, {
      'padded, not cut to the image': (o) => ({ alphas: { ...o.alphas, dims: [1, 1, 64, 64], data: new Float32Array(64 * 64).fill(0.5).map((v, i) => v + i * 1e-6) } }),
      'alpha above 1': (o) => ({ alphas: { ...o.alphas, data: o.alphas.data.map((v: number, i: number) => (i === 3 ? 1.2 : v)) } }),
      'negative alpha': (o) => ({ alphas: { ...o.alphas, data: o.alphas.data.map((v: number, i: number) => (i === 3 ? -0.1 : v)) } }),
      'constant matte': (o) => ({ alphas: { ...o.alphas, data: o.alphas.data.map(() => 0.5) } }),
    });
    const blind = alteredPipe(ctx, (o) => ({ alphas: { ...o.alphas, data: o.alphas.data.map((_: number, i: number) => (i % 7) / 7) } }));
    await expect(extraTest(harness, /trimap/).run(blind)).rejects.toThrow(/gave the same matte/);
  });

  test('vitpose: heatmaps, keypoints in the box, scores from the heatmaps, the threshold', async () => {
    const ctx = await context('vitpose');
    const harness = harnessOf('vitpose');
    const pose = (o: any, change: (p: any) => void) => {
      change(o.poses[0]);
      return o;
    };
    await provesWrongOutputsFail(ctx, harness, {
      'keypoint outside the box': (o) => pose(o, (p) => (p.keypoints[2] = [-3, 10])),
      'keypoint below the box': (o) => pose(o, (p) => (p.keypoints[0] = [10, 1000])),
      'score not the heatmap peak': (o) => pose(o, (p) => (p.scores[4] = p.scores[4] * 0.9)),
      'a keypoint missing': (o) => pose(o, (p) => ['keypoints', 'scores', 'labels'].forEach((k) => p[k].pop())),
      'labels out of order': (o) => pose(o, (p) => p.labels.reverse()),
      'another box': (o) => pose(o, (p) => (p.bbox = [0, 0, 10, 10])),
      'two poses for one box': (o) => ({ ...o, poses: [o.poses[0], o.poses[0]] }),
      'heatmaps of another size': (o) => ({ ...o, heatmaps: { ...o.heatmaps, dims: [1, 17, 12, 16] } }),
      'fewer maps than the config’s keypoints': (o) => ({ ...o, heatmaps: { ...o.heatmaps, dims: [1, 16, 16, 12], data: o.heatmaps.data.slice(192) } }),
    });
    // PretrainedConfig's default labels name no keypoints: a checkpoint with them is not held to their count.
    const call = harness.calls(ctx)[0]!;
    const output = await runCall(harness, ctx, call);
    expect(() => harness.check(output, call, { ...ctx, labels: ['LABEL_0', 'LABEL_1'] })).not.toThrow();
    expect(() => harness.check(output, call, { ...ctx, labels: ['Nose', 'L_Eye'] })).toThrow(/17 keypoint maps, but the config names 2 keypoints/);
    await provesWrongOutputsFail(ctx, harness, {
      'a keypoint below the threshold kept': (o) => pose(o, (p) => p.scores.push(0.1) && p.labels.push(99) && p.keypoints.push([1, 1])),
      'a keypoint above the threshold dropped': (o) => pose(o, (p) => ['keypoints', 'scores', 'labels'].forEach((k) => p[k].shift())),
    }, 1);
  });
});
