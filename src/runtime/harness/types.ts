import type * as Transformers from '@huggingface/transformers' with { 'resolution-mode': 'import' };
import type { ModelSpec } from '../spec';

/** A loaded transformers.js pipeline, typed loosely: each harness knows its own task's shapes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LoadedPipeline = ((input: any, options?: any) => Promise<any>) & {
  task: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  tokenizer?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  processor?: any;
  dispose(): Promise<void>;
};

export interface HarnessContext {
  spec: ModelSpec;
  pipe: LoadedPipeline;
  /** The model's `id2label` values, when the config has them. */
  labels: string[];
  /** Did the suite load a real checkpoint (local or Hub)? Legacy expected outputs only apply then. */
  realCheckpoint: boolean;
}

/** One call of the pipeline: positional input plus options. */
export interface Call {
  /** Human-readable description for test titles and errors. */
  label: string;
  input: unknown;
  options?: Record<string, unknown>;
}

export interface BadInput {
  name: string;
  call: Call;
  /** The clear error the runtime must give. */
  error: RegExp;
}

/**
 * Everything the runtime needs to test one pipeline task: which inputs to use (legacy first),
 * how to validate them, and what a correct output looks like. `check` throws a
 * HarnessAssertionError describing exactly what is wrong with an output.
 */
export interface TaskHarness {
  task: string;
  /** The calls to test, legacy inputs first, at least one. */
  calls(ctx: HarnessContext): Call[];
  /** Two calls whose batched run must equal their single runs, or undefined when batching does not apply. */
  batch?(ctx: HarnessContext): { calls: [Call, Call]; batched: Call; split(output: unknown): [unknown, unknown] } | undefined;
  /** Rejects an input the model cannot take, with a message naming the problem. */
  validate(call: Call, ctx: HarnessContext): void;
  check(output: unknown, call: Call, ctx: HarnessContext): void | Promise<void>;
  badInputs(ctx: HarnessContext): BadInput[];
  /** Calls the pipeline; by default `pipe(call.input, call.options)`. */
  invoke?(pipe: LoadedPipeline, call: Call): Promise<unknown>;
  /** Extra task-specific tests (e.g. generation length): names are fixed so tests register up front. */
  extraTests?: { name: string; run(ctx: HarnessContext): Promise<void> }[];
  /**
   * Loads the model for a task transformers.js runs through its model classes rather than a
   * pipeline (image-text-to-text, a codec's encode/decode, a forecaster): returns a callable in
   * the pipeline's shape (`model`, `processor`/`tokenizer`, `dispose`). Absent: `pipeline(task, id)`.
   */
  load?(request: ModelLoadRequest): Promise<LoadedPipeline>;
}

/** What a harness's own loader gets: the host realm's transformers.js and the pipeline's load options. */
export interface ModelLoadRequest {
  transformers: typeof Transformers;
  modelId: string;
  /** `{ device, dtype, local_files_only, session_options? }`, as `pipeline()` would get them. */
  options: Record<string, unknown>;
  /**
   * Where the model comes from, for a loader that needs a second model beside it (SpeechT5's
   * vocoder): a tiny model's companion is tiny too (built under `localModelPath`), a local or Hub
   * checkpoint's is the id transformers.js would use, resolved through the same settings.
   */
  source?: { kind: 'local' | 'hub' | 'tiny'; localModelPath?: string };
}
