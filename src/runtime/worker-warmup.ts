/**
 * The inference stack warmed once per Jest worker, before the worker's first suite loads its model.
 *
 * A worker's first model load pays for loading onnxruntime's native code, V8 compiling
 * transformers.js's tokenizer, pipeline and tensor code, and the memory the stack touches first.
 * In a full run that lands on whichever suite happens to come first; run alone, a suite always
 * comes first. Warming with throwaway pipelines of the main kinds (a WordPiece encoder, a BPE
 * decoder generating, an image classifier) makes a suite's figures the same in any order.
 */
import { loadTransformers } from './host';
import { collectGarbage } from './memory';

/*
 * The hf-convert test environment imports this module in every Jest worker, test files that never
 * warm up included; the tiny builders and harnesses it warms with are required only when warming
 * (compiling them in the host realm took over a second per worker).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tinyBuilders = () => require('./tiny') as typeof import('./tiny');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const media = () => require('./harness/media') as typeof import('./harness/media');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const source = () => require('./source') as typeof import('./source');

/** Exposed to test files by the hf-convert test environment (a host-realm function, one per worker). */
export const WARM_UP_GLOBAL = '__hfConvertWarmUp';

/**
 * The reference workload, timed right after every timed call of a suite (see `latency_vs_reference`):
 * the warm-up's BERT feature-extraction pipeline, kept loaded, on a fixed sentence. Of the same kind
 * as what it normalises (tokenizer, pipeline JS, onnxruntime kernels), so it slows down with the
 * machine the way a suite does; a synthetic loop did not (see bench/verdicts).
 */
export const REFERENCE_MODEL = { modelType: 'bert', task: 'feature-extraction' } as const;

/** Calls per warm-up pipeline: enough for V8 to optimise the shared code paths. */
const CALLS = 40;

const WARM_UP_PIPELINES: ReadonlyArray<{ modelType: string; task: string; input: () => unknown; options?: Record<string, unknown> }> = [
  { modelType: 'bert', task: 'feature-extraction', input: () => 'Warming up the inference stack.', options: { pooling: 'mean' } },
  { modelType: 'gpt2', task: 'text-generation', input: () => 'Warming up', options: { max_new_tokens: 4, do_sample: false } },
  { modelType: 'vit', task: 'image-classification', input: () => media().syntheticImage(64, 64, 1) },
];

export interface WarmUpOutcome {
  ms: number;
  /** Set when warming failed; suites still run, their first figures then depend on order. */
  error?: string;
  /** One call of the reference workload (absent when warming failed). */
  reference?: () => Promise<unknown>;
}

let warming: Promise<WarmUpOutcome> | undefined;

/** Warms the stack once per process; later calls return the first call's outcome. */
export function warmInferenceStackOnce(env: NodeJS.ProcessEnv = process.env): Promise<WarmUpOutcome> {
  warming ??= warm(env);
  return warming;
}

async function warm(env: NodeJS.ProcessEnv): Promise<WarmUpOutcome> {
  const start = performance.now();
  try {
    const transformers = loadTransformers();
    const { buildTinyModel, TINY_SESSION_OPTIONS } = tinyBuilders();
    const cacheDir = source().tinyModelsDir(env);
    let reference: (() => Promise<unknown>) | undefined;
    for (const { modelType, task, input, options } of WARM_UP_PIPELINES) {
      const tiny = await buildTinyModel({ modelType, task, cacheDir });
      transformers.env.allowRemoteModels = false;
      transformers.env.allowLocalModels = true;
      transformers.env.localModelPath = `${cacheDir}/`;
      const pipe = (await transformers.pipeline(task as never, tiny.modelId, {
        device: 'cpu',
        dtype: 'fp32',
        local_files_only: true,
        session_options: { ...TINY_SESSION_OPTIONS },
      } as never)) as unknown as { (input: unknown, options?: unknown): Promise<unknown>; dispose(): Promise<void> };
      for (let i = 0; i < CALLS; i++) await pipe(input(), options);
      if (modelType === REFERENCE_MODEL.modelType && task === REFERENCE_MODEL.task) {
        const sentence = input();
        reference = () => pipe(sentence, options);
      } else await pipe.dispose();
    }
    collectGarbage();
    return { ms: performance.now() - start, reference };
  } catch (error) {
    return { ms: performance.now() - start, error: (error as Error).message };
  }
}
