/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { harnessFor, type HarnessContext } from '../../src/runtime/harness';
import { groundingCaption, groundingDinoZeroShotObjectDetection as harness, isDecodedFrom } from '../../src/runtime/harness/grounding-dino';
import { syntheticImage } from '../../src/runtime/harness/media';
import { loadOrt, loadTransformers } from '../../src/runtime/host';
import { chooseModelSourceSync } from '../../src/runtime/source';
import { buildTinyModel, tinyArchitectureFor, tinyCoverage } from '../../src/runtime/tiny';
import { catalogCoverage } from '../../src/runtime/tiny/coverage';
import { coverageCatalog } from '../../src/runtime/tiny/coverage-catalog';
import { GROUNDING_QUERIES } from '../../src/runtime/tiny/grounding-dino';
import { alteredPipe, bareSpec, passesHarness, provesWrongOutputsFail, tinyContext } from './tiny-context';

/**
 * Grounding DINO zero-shot object detection through transformers.js 4.3.1's pipeline: a tiny
 * GroundingDinoForObjectDetection in the real layout (BERT tokenizer, GroundingDinoProcessor,
 * model.onnx with logits per caption-token position), its harness, and every check shown to fail
 * on altered outputs.
 */
const transformers = loadTransformers();
const ort = loadOrt();
jest.setTimeout(120_000);

const MODEL_TYPE = 'grounding-dino';
const TASK = 'zero-shot-object-detection';
const MAX_TEXT_LEN = 64;

let cacheDir: string;
let ctx: HarnessContext;
beforeAll(async () => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiny-grounding-dino-'));
  ctx = await tinyContext(MODEL_TYPE, TASK, cacheDir, 'multimodal');
});
afterAll(async () => {
  await ctx?.pipe.dispose();
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

const readJson = (dir: string, file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
const extraTest = (name: RegExp) => harness.extraTests!.find((t) => name.test(t.name))!;

describe('registry', () => {
  test('the pair is tiny, with its own harness', () => {
    expect(tinyArchitectureFor(MODEL_TYPE, TASK)).toEqual({ supported: true, kind: 'grounded-detector', modelType: MODEL_TYPE, task: TASK, architecture: 'GroundingDinoForObjectDetection' });
    expect(tinyCoverage()).toContainEqual({ modelType: MODEL_TYPE, task: TASK, kind: 'grounded-detector' });
    expect(catalogCoverage(coverageCatalog()).pairs).toContainEqual(expect.objectContaining({ modelType: MODEL_TYPE, task: TASK, status: 'tiny' }));
    expect(harnessFor(TASK, MODEL_TYPE)).toBe(harness);
    expect(harnessFor(TASK, 'owlvit')).not.toBe(harness);
    // transformers (Python) lists feature-extraction too: transformers.js's text pipeline loads the detector and cannot feed it an image.
    const features = tinyArchitectureFor(MODEL_TYPE, 'feature-extraction');
    expect(!features.supported && features.reason).toMatch(/loads GroundingDinoForObjectDetection through AutoModel .* "Both `pixel_values` and `pixel_mask` are missing/);
    expect(transformers.AutoModel.supports(MODEL_TYPE)).toBe(true);
    const decision = chooseModelSourceSync(bareSpec(MODEL_TYPE, TASK, 'multimodal'), {});
    expect(decision.ok && decision.source.kind).toBe('tiny');
  });
});

describe('files in the layout of the real export', () => {
  test('config, GroundingDinoProcessor preprocessor, BERT tokenizer, model.onnx inputs and outputs', async () => {
    const model = await buildTinyModel({ modelType: MODEL_TYPE, task: TASK, cacheDir });
    expect(model.files).toEqual(['config.json', 'onnx/model.onnx', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json']);
    expect(readJson(model.dir, 'config.json')).toMatchObject({
      architectures: ['GroundingDinoForObjectDetection'], model_type: MODEL_TYPE, num_queries: GROUNDING_QUERIES, max_text_len: MAX_TEXT_LEN,
      text_config: { model_type: 'bert', type_vocab_size: 2 }, backbone_config: { model_type: 'swin' },
    });
    // processor_class is what makes AutoProcessor build GroundingDinoProcessor (and the pipeline take the grounded branch).
    expect(readJson(model.dir, 'preprocessor_config.json')).toMatchObject({ image_processor_type: 'GroundingDinoImageProcessor', processor_class: 'GroundingDinoProcessor', do_pad: true });
    expect(readJson(model.dir, 'tokenizer_config.json')).toMatchObject({ tokenizer_class: 'BertTokenizer', model_max_length: MAX_TEXT_LEN });
    const session = await ort.InferenceSession.create(path.join(model.dir, 'onnx/model.onnx'));
    expect([...session.inputNames].sort()).toEqual(['attention_mask', 'input_ids', 'pixel_mask', 'pixel_values', 'token_type_ids']);
    expect([...session.outputNames].sort()).toEqual(['logits', 'pred_boxes']);
  });

  test('logits [batch, queries, max_text_len] depend on image and text; padding and the columns past the caption are -inf', async () => {
    const model = await buildTinyModel({ modelType: MODEL_TYPE, task: TASK, cacheDir });
    const session = await ort.InferenceSession.create(path.join(model.dir, 'onnx/model.onnx'));
    const int64 = (rows: number[][]) => new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0]!.length]);
    const pixels = (seed: number) => new ort.Tensor('float32', Float32Array.from({ length: 3 * 32 * 48 }, (_, i) => Math.cos(i * 0.02 * (seed + 1))), [1, 3, 32, 48]);
    const run = async (ids: number[], mask: number[], seed: number) => {
      const out = await session.run({
        pixel_values: pixels(seed), input_ids: int64([ids]), token_type_ids: int64([ids.map(() => 0)]), attention_mask: int64([mask]),
        pixel_mask: new ort.Tensor('int64', new BigInt64Array(32 * 48).fill(1n), [1, 32, 48]),
      });
      expect(out.logits!.dims).toEqual([1, GROUNDING_QUERIES, MAX_TEXT_LEN]);
      expect(out.pred_boxes!.dims).toEqual([1, GROUNDING_QUERIES, 4]);
      const boxes = Array.from(out.pred_boxes!.data as Float32Array);
      expect(boxes.every((v) => v >= 0 && v <= 1)).toBe(true);
      return { logits: Array.from(out.logits!.data as Float32Array), boxes };
    };
    const caption = [2, 60, 70, 3, 0];
    const base = await run(caption, [1, 1, 1, 1, 0], 0);
    for (let q = 0; q < GROUNDING_QUERIES; q++) {
      const row = base.logits.slice(q * MAX_TEXT_LEN, (q + 1) * MAX_TEXT_LEN);
      expect(row.slice(0, 4).every(Number.isFinite)).toBe(true);
      expect(row.slice(4).every((v) => v === -Infinity)).toBe(true); // the [PAD] position, then the columns past the caption
    }
    const otherImage = await run(caption, [1, 1, 1, 1, 0], 1);
    expect(otherImage.logits).not.toEqual(base.logits);
    expect(otherImage.boxes).not.toEqual(base.boxes);
    const otherText = await run([2, 61, 70, 3, 0], [1, 1, 1, 1, 0], 0);
    expect(otherText.logits.slice(0, 4)).not.toEqual(base.logits.slice(0, 4));
    expect(otherText.boxes).not.toEqual(base.boxes);
  });

  test('the same inputs give the same bytes; `layers` gives a deeper model', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'tiny-grounding-dino-again-'));
    try {
      const a = await buildTinyModel({ modelType: MODEL_TYPE, task: TASK, cacheDir });
      const b = await buildTinyModel({ modelType: MODEL_TYPE, task: TASK, cacheDir: other });
      for (const file of a.files) expect(fs.readFileSync(path.join(b.dir, file)).equals(fs.readFileSync(path.join(a.dir, file)))).toBe(true);
      const deep = await buildTinyModel({ modelType: MODEL_TYPE, task: TASK, cacheDir: other, layers: 3 });
      const size = (dir: string) => fs.statSync(path.join(dir, 'onnx/model.onnx')).size;
      expect(size(deep.dir)).toBeGreaterThan(size(a.dir));
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('the zero-shot-object-detection pipeline runs it', () => {
  test('through the grounded branch: GroundingDinoProcessor, BertTokenizer, labels decoded from caption tokens', async () => {
    expect(ctx.pipe.model.constructor.name).toBe('GroundingDinoForObjectDetection');
    expect(ctx.pipe.processor.constructor.name).toBe('GroundingDinoProcessor');
    expect('post_process_grounded_object_detection' in ctx.pipe.processor).toBe(true);
    expect(ctx.pipe.tokenizer.constructor.name).toBe('BertTokenizer');
    const [pixels, , fractions] = (await passesHarness(ctx, harness)) as any[][];
    expect(pixels!.length).toBeGreaterThan(0);
    // WordPiece pieces of a word score alike, so labels are whole words of the caption.
    const words = new Set(['a', 'cat', 'remote', 'control']);
    for (const d of pixels!) for (const w of d.label.split(/[\s.]+/).filter(Boolean)) expect(words).toContain(w);
    expect(fractions![0].box.xmax).toBeLessThanOrEqual(1);
    for (const extra of harness.extraTests!) await extra.run(ctx);
  });

  test('the feature-extraction pipeline loads the detector but cannot feed it an image (the reason tinyArchitectureFor gives)', async () => {
    const model = await buildTinyModel({ modelType: MODEL_TYPE, task: TASK, cacheDir });
    const features = await transformers.pipeline('feature-extraction', model.modelId, { device: 'cpu', dtype: 'fp32', local_files_only: true } as never);
    expect(features.model.constructor.name).toBe('GroundingDinoForObjectDetection');
    await expect(features('a cat.')).rejects.toThrow(/Both `pixel_values` and `pixel_mask` are missing in the model inputs/);
    await features.dispose();
  });

  test('several label strings are a text batch against one image: the fusion throws, as the harness says', async () => {
    const detect = ctx.pipe as unknown as (i: unknown, l: string[], o: object) => Promise<unknown>;
    await expect(detect(syntheticImage(64, 48), ['a cat', 'a remote control'], { threshold: 0.3 })).rejects.toThrow(/Non concat axis dimensions must match/);
    // (an array of another realm: the pipeline runs in the host's)
    expect(Array.isArray(await detect(syntheticImage(64, 48), [groundingCaption(['a cat', 'a remote control'])], { threshold: 0.3 }))).toBe(true);
  });
});

describe('harness pieces', () => {
  test('groundingCaption writes the labels as one lower-cased caption of period-ended phrases', () => {
    expect(groundingCaption(['A cat', 'a remote control.', ' dog '])).toBe('a cat. a remote control. dog.');
  });

  test('isDecodedFrom: a label is caption tokens in order, with WordPiece spacing', () => {
    const tokens = ['a', 'cat', '.', 'a', 'r', '##e', '##m', '##o', '##t', '##e', '.'];
    for (const label of ['cat', 'a cat', 'cat.', 'cat a remote', 'remote', 'rmt', '##mo', 'a. a']) expect(isDecodedFrom(label, tokens)).toBe(true);
    for (const label of ['', 'dog', 'remote cat', '[SEP]', 'cat [SEP]', 'mt##o', 'cats']) expect(isDecodedFrom(label, tokens)).toBe(false);
  });
});

describe('the harness fails on altered outputs', () => {
  test('each check catches its mutation', async () => {
    await provesWrongOutputsFail(ctx, harness, {
      'no detections': () => [],
      'a score at the threshold': (o) => o.map((d: any, i: number) => (i === o.length - 1 ? { ...d, score: 0.3 } : d)),
      'a score above 1': (o) => o.map((d: any, i: number) => (i ? d : { ...d, score: 1.2 })),
      'scores out of order': (o) => [...o].reverse(),
      'a label from another caption': (o) => o.map((d: any, i: number) => (i ? d : { ...d, label: 'dog' })),
      'a special token in the label': (o) => o.map((d: any, i: number) => (i ? d : { ...d, label: `${d.label} [SEP]` })),
      'an empty label': (o) => o.map((d: any, i: number) => (i ? d : { ...d, label: '' })),
      'a box leaving the image': (o) => o.map((d: any, i: number) => (i ? d : { ...d, box: { ...d.box, xmax: 65 } })),
      'a box centred outside the image': (o) => o.map((d: any, i: number) => (i ? d : { ...d, box: { xmin: 70, ymin: 0, xmax: 90, ymax: 10 } })),
      'an inverted box': (o) => o.map((d: any, i: number) => (i ? d : { ...d, box: { ...d.box, xmin: d.box.xmax + 1 } })),
      'a fractional pixel box': (o) => o.map((d: any, i: number) => (i ? d : { ...d, box: { ...d.box, xmin: 0.5 } })),
    });
    // Fractional boxes: pixel coordinates leave the unit square.
    await provesWrongOutputsFail(ctx, harness, { 'pixel boxes as fractions': (o) => o.map((d: any) => ({ ...d, box: { xmin: 2, ymin: 2, xmax: 40, ymax: 30 } })) }, 2);
  });

  test('a detector that ignores the image, or the caption, fails the extra tests', async () => {
    let first: unknown;
    await expect(extraTest(/image/).run(alteredPipe(ctx, (o) => (first ??= o)))).rejects.toThrow(/two different images with the same caption gave the same scores and boxes/);
    // Boxes that do not move with the caption (the first call's boxes kept, labels as the model gives them).
    let firstBoxes: any[] | undefined;
    const captionBlind = alteredPipe(ctx, (o: any[]) => {
      firstBoxes ??= o.map((d) => d.box);
      return o.map((d, i) => ({ ...d, box: firstBoxes![i] ?? d.box }));
    });
    await expect(extraTest(/caption/).run(captionBlind)).rejects.toThrow(/two different captions gave the same boxes/);
  });

  test('validation names the one-caption rule', () => {
    for (const bad of harness.badInputs(ctx)) expect(() => harness.validate(bad.call, ctx)).toThrow(bad.error);
  });
});
