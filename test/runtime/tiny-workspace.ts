import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildTinyModel, TINY_SESSION_OPTIONS } from '../../src/runtime/tiny';
import { loadOrt } from '../../src/runtime/host';
import { scratchRoot } from '../helpers/tmp';

type Transformers = typeof import('@huggingface/transformers', { with: { 'resolution-mode': 'import' } });

type Ort = ReturnType<typeof loadOrt>;
/** A session of the host realm's onnxruntime, and a tensor to feed it. */
export type InferenceSession = Awaited<ReturnType<Ort['InferenceSession']['create']>>;
export type OrtTensor = InstanceType<Ort['Tensor']>;

/** A tiny graph opened in the host realm's onnxruntime, single-threaded as the runtime opens tiny models. */
export function openTinySession(graph: string | Uint8Array): Promise<InferenceSession> {
  const { InferenceSession } = loadOrt();
  // Two calls: `create` is overloaded for a path and for bytes, not for their union.
  return typeof graph === 'string' ? InferenceSession.create(graph, { ...TINY_SESSION_OPTIONS }) : InferenceSession.create(graph, { ...TINY_SESSION_OPTIONS });
}

/**
 * A fresh tiny-model cache for one test file, with transformers.js pointed at it offline, and
 * build/load timings printed at the end so slowdowns of the builder or loader show in CI logs.
 * `transformers` is the module instance the test file itself uses (its inputs must match it).
 */
export function tinyWorkspace(label: string, transformers: Pick<Transformers, 'env' | 'pipeline'>): {
  readonly cacheDir: string;
  buildAndLoad(modelType: string, task: string): Promise<{ model: Awaited<ReturnType<typeof buildTinyModel>>; pipe: any }>;
} {
  const { env, pipeline } = transformers;
  let cacheDir = '';
  const timings: Array<{ buildMs: number; loadMs: number }> = [];
  beforeAll(() => {
    cacheDir = fs.mkdtempSync(path.join(scratchRoot(), `${label.replace(/\W+/g, '-')}-`));
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = `${cacheDir}/`;
  });
  afterAll(() => {
    if (timings.length > 0) {
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const build = timings.map((t) => t.buildMs);
      const load = timings.map((t) => t.loadMs);
      console.log(
        `${label}: ${timings.length}; build mean ${mean(build).toFixed(1)} ms (max ${Math.max(...build).toFixed(1)}); ` +
          `pipeline load mean ${mean(load).toFixed(1)} ms (max ${Math.max(...load).toFixed(1)})`,
      );
    }
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });
  return {
    get cacheDir() {
      return cacheDir;
    },
    async buildAndLoad(modelType, task) {
      let start = performance.now();
      const model = await buildTinyModel({ modelType, task, cacheDir });
      const buildMs = performance.now() - start;
      start = performance.now();
      // Single-threaded, as the runtime loads tiny models (a thread pool per session costs more than the graph).
      const options = { device: 'cpu', dtype: 'fp32', local_files_only: true, session_options: { ...TINY_SESSION_OPTIONS } };
      const pipe = await pipeline(task as never, model.modelId, options as never);
      timings.push({ buildMs, loadMs: performance.now() - start });
      return { model, pipe };
    },
  };
}
