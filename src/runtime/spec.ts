/**
 * The contract between generated suites and the shared runtime.
 * Generated suites build one `ModelSpec` literal and hand it to `describeModel`.
 * Everything here is plain data so a suite is reviewable and diffable.
 */

/** Modality category, taken from the vendored catalog (never guessed from keywords). */
export type Category = 'text' | 'vision' | 'audio' | 'multimodal' | 'other' | 'unknown';

/** Where a value in the spec came from in the legacy file(s). */
export interface SourceRef {
  /** Legacy file path, relative to the scanned root. */
  file: string;
  /** 1-based line of the construct, when known. */
  line?: number;
  /** The construct the value came from, e.g. `pipeline(task)`, `argparse --model default`. */
  construct?: string;
}

export interface QuestionContext {
  question: string;
  context: string;
}

/** The legacy test's own inputs, merged over every file folded into the suite. */
export interface SpecInputs {
  texts: string[];
  /** Sentences that contain a mask token as written in the legacy file (e.g. `[MASK]`, `<mask>`). */
  maskedTexts: string[];
  candidateLabels: string[];
  questions: QuestionContext[];
  /** Image paths or URLs named by the legacy file; the runtime never downloads them. */
  images: string[];
  /** Audio paths or URLs named by the legacy file; the runtime never downloads them. */
  audio: string[];
  /** Translation languages the legacy file states (only present when it states one). */
  languages?: { source?: string; target?: string };
  /** Texts the legacy file translates with their own language pair (only present when it has any). */
  translations?: Array<{ text: string; source?: string; target?: string }>;
}

/** An expected output stated by a legacy file (asserted only against a real checkpoint). */
export interface ExpectedOutput {
  /** What the expectation is about, e.g. `top-token`, `label`, `text`. */
  kind: string;
  value: string | number;
  input?: string;
  source: SourceRef;
}

export interface ModelSpec {
  /** Canonical transformers `model_type`, exact spelling (`xlm-roberta`, `gptj`). */
  modelType: string;
  /** A real Hub checkpoint of that family (from the file when plausible, else the catalog). */
  modelId: string;
  /**
   * The ONNX checkpoint transformers.js loads for it from the Hub or `HF_MODELS_DIR`
   * (e.g. `Xenova/bert-base-uncased` for `google-bert/bert-base-uncased`); `null` when none is known.
   */
  onnxModelId?: string | null;
  /** A pipeline task the family supports. */
  task: string;
  category: Category;
  /** Whether transformers.js has a model class for this model type (from the catalog). */
  transformersJs: { supported: boolean; pipelineTasks: string[] };
  inputs: SpecInputs;
  expected: ExpectedOutput[];
  /** Every legacy file folded into this suite. */
  sources: SourceRef[];
  /** Conversion warnings carried into the suite, e.g. a rejected legacy task. */
  warnings: string[];
}
