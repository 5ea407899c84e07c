/**
 * bench/runtime: (1) what the runtime's harness adds to a pipeline call — the timed path of a
 * generated suite (input validation, dispatch, RSS sampling) against calling the same
 * transformers.js pipeline directly on the same tiny model, interleaved, medians of ≥ 50 runs;
 * (2) the whole `models` project on this machine: wall time and amortised time per suite.
 *
 *   node -r esbuild-register bench/runtime.ts [--runs 200] [--skip-project]   (HF_TINY_LAYERS=n: n-layer tiny models)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { harnessFor, type HarnessContext } from '../src/runtime/harness';
import { loadPipeline, prepareCall } from '../src/runtime/describe-model';
import { buildTinyModel, tinyLayersFromEnv } from '../src/runtime/tiny';
import type { ModelSpec } from '../src/runtime/spec';

const args = process.argv.slice(2);
const RUNS = Math.max(50, Number(args[args.indexOf('--runs') + 1]) || 200);
const CASES: Array<[string, string, ModelSpec['category']]> = [
  ['bert', 'fill-mask', 'text'],
  ['gpt2', 'text-generation', 'text'],
  ['t5', 'text2text-generation', 'text'],
  ['vit', 'image-classification', 'vision'],
  ['wav2vec2', 'automatic-speech-recognition', 'audio'],
  ['clip', 'zero-shot-image-classification', 'multimodal'],
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function overhead(): Promise<void> {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runtime-'));
  console.log(`harness overhead, ${RUNS} interleaved runs each (median ms per call):`);
  for (const [modelType, task, category] of CASES) {
    const spec: ModelSpec = {
      modelType, modelId: `x/${modelType}`, onnxModelId: null, task, category, transformersJs: { supported: true, pipelineTasks: [task] },
      inputs: { texts: [], maskedTexts: [], candidateLabels: [], questions: [], images: [], audio: [] }, expected: [], sources: [], warnings: [],
    };
    // HF_TINY_LAYERS deepens these models as it does the project's (part 2 inherits it).
    const tiny = await buildTinyModel({ modelType, task, cacheDir, layers: tinyLayersFromEnv() });
    const pipe = await loadPipeline(spec, { kind: 'tiny', modelId: tiny.modelId, localModelPath: cacheDir, dir: tiny.dir, description: 'tiny' }, 'cpu');
    const ctx: HarnessContext = { spec, pipe, labels: [], realCheckpoint: false };
    const harness = harnessFor(task)!;
    const call = harness.calls(ctx)[0];
    const direct = () => (harness.invoke ? harness.invoke(pipe, call) : pipe(call.input, call.options));
    // The harness slot times exactly what a suite's measurement loop times: the prepared call
    // (validated once; RSS is sampled outside the timed loop). HF_BENCH_AA=1 puts `direct` in
    // both slots to show the bench's own bias.
    const viaHarness = process.env.HF_BENCH_AA ? direct : prepareCall(harness, ctx, call);
    // Warm both paths up (JIT, allocator, ORT arenas) before anything is timed.
    for (let i = 0; i < 30; i++) {
      await direct();
      await viaHarness();
    }
    const a: number[] = [];
    const b: number[] = [];
    // Blocks of 10 in ABBA order, so drift and load spikes hit both paths alike.
    for (let block = 0; block < RUNS / 10; block++) {
      const order = block % 4 === 0 || block % 4 === 3 ? [[direct, a], [viaHarness, b]] : [[viaHarness, b], [direct, a]];
      for (const [fn, into] of order as Array<[() => Promise<unknown>, number[]]>) {
        for (let i = 0; i < 10; i++) {
          const start = performance.now();
          await fn();
          into.push(performance.now() - start);
        }
      }
    }
    const [ma, mb] = [median(a), median(b)];
    console.log(`  ${`${modelType} ${task}`.padEnd(42)} direct ${ma.toFixed(3)}  harness ${mb.toFixed(3)}  overhead ${(((mb - ma) / ma) * 100).toFixed(1)}% (${((mb - ma) * 1000).toFixed(0)} µs)`);
    await pipe.dispose();
  }
  fs.rmSync(cacheDir, { recursive: true, force: true });
}

function modelsProject(): void {
  const jest = require.resolve('jest/bin/jest');
  const report = path.join(os.tmpdir(), `bench-models-${process.pid}.json`);
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [jest, '--selectProjects', 'models', '--json', `--outputFile=${report}`], {
    cwd: path.join(__dirname, '..'),
    encoding: 'utf8',
    env: { ...process.env, HF_RUN_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-run-')) },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const result = JSON.parse(fs.readFileSync(report, 'utf8'));
  const suites = result.numTotalTestSuites as number;
  const ran = (result.testResults as Array<{ assertionResults: Array<{ status: string }> }>).filter((r) => r.assertionResults.some((t) => t.status === 'passed')).length;
  console.log(`\nmodels project: ${suites} suites (${ran} ran real inference, ${result.numPassedTests} tests passed, ${result.numFailedTests} failed, ${result.numPendingTests} skipped)`);
  console.log(`  wall ${seconds.toFixed(1)} s on ${os.cpus().length} cores → ${(seconds / suites).toFixed(2)} s per suite (target ≤ 1 s); exit ${child.status}`);
  fs.rmSync(report, { force: true });
}

overhead()
  .then(() => {
    if (!args.includes('--skip-project')) modelsProject();
  })
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
