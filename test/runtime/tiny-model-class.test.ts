/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertClose, harnessFor, HarnessAssertionError, type HarnessContext } from '../../src/runtime/harness';
import { runCall } from '../../src/runtime/describe-model';
import { passesHarness, tinyContext } from './tiny-context';

jest.setTimeout(120_000);

let cacheDir: string;
beforeAll(() => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiny-model-class-'));
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

describe('codecs', () => {
  test.each(['dac', 'mimi'])('%s', async (modelType) => {
    const ctx = await tinyContext(modelType, 'feature-extraction', cacheDir, 'audio');
    const harness = harnessFor('feature-extraction', modelType)!;
    const outputs = await passesHarness(ctx, harness);
    console.log(modelType, (outputs[0] as any).audio_codes.dims, (outputs[2] as any).audio_values.dims, Array.from((outputs[0] as any).audio_codes.data.slice(0, 20)));
    for (const extra of harness.extraTests ?? []) await extra.run(ctx);
    await ctx.pipe.dispose();
  });
});

describe('forecasters', () => {
  test.each(['patchtst', 'patchtsmixer'])('%s', async (modelType) => {
    const ctx = await tinyContext(modelType, 'feature-extraction', cacheDir, 'other');
    const harness = harnessFor('feature-extraction', modelType)!;
    const outputs = await passesHarness(ctx, harness);
    console.log(modelType, (outputs[0] as any).prediction_outputs.dims, Array.from((outputs[0] as any).prediction_outputs.data.slice(0, 6)));
    for (const extra of harness.extraTests ?? []) await extra.run(ctx);
    const plan = harness.batch!(ctx)!;
    const [a, b] = plan.split(await runCall(harness, ctx, plan.batched));
    assertClose(a, await runCall(harness, ctx, plan.calls[0]), 'first series of the batch');
    assertClose(b, await runCall(harness, ctx, plan.calls[1]), 'second series of the batch');
    await ctx.pipe.dispose();
  });
});

describe('decision transformer', () => {
  test('decision_transformer', async () => {
    const ctx = await tinyContext('decision_transformer', 'feature-extraction', cacheDir, 'other');
    const harness = harnessFor('feature-extraction', 'decision_transformer')!;
    const outputs = await passesHarness(ctx, harness);
    console.log(Array.from((outputs[0] as any).action_preds.data.slice(0, 6)));
    for (const extra of harness.extraTests ?? []) await extra.run(ctx);
    const plan = harness.batch!(ctx)!;
    const [a, b] = plan.split(await runCall(harness, ctx, plan.batched));
    assertClose(a, await runCall(harness, ctx, plan.calls[0]), 'first of the batch');
    assertClose(b, await runCall(harness, ctx, plan.calls[1]), 'second of the batch');
    await ctx.pipe.dispose();
  });
});

describe('vision', () => {
  test.each([['vitmatte', 'image-matting'], ['vitpose', 'pose-estimation']])('%s', async (modelType, task) => {
    const ctx = await tinyContext(modelType, task, cacheDir, 'vision');
    const harness = harnessFor(task, modelType)!;
    const outputs = await passesHarness(ctx, harness);
    console.log(modelType, JSON.stringify((outputs[1] as any).poses ?? (outputs[0] as any).alphas.dims));
    for (const extra of harness.extraTests ?? []) await extra.run(ctx);
    await ctx.pipe.dispose();
  });
});
