/** What the extract stage pulls out of one legacy file. Pure data; no resolution yet. */

export type Language = 'python' | 'javascript' | 'typescript';
export type Variant = 'base' | 'standardized' | 'minimal' | 'web';
export type FileKind = 'model-test' | 'api-service' | 'not-a-model-test';

/** A value plus the construct it came from. */
export interface Found<T = string> {
  value: T;
  /** Short name of the construct, e.g. `from_pretrained`, `argparse --model default`, `MODEL_ID =`. */
  construct: string;
  /** 1-based line number. */
  line: number;
}

export interface ExtractedInputs {
  texts: Found[];
  maskedTexts: Found[];
  candidateLabels: Found[];
  questions: Found<{ question: string; context: string }>[];
  images: Found[];
  audio: Found[];
  /** Translation language codes as the file states them (`src_lang="en_XX"`, `tgt_lang="ro_RO"`). */
  sourceLanguages: Found[];
  targetLanguages: Found[];
  /** Texts stated with their own language pair (`{ text, src_lang, tgt_lang }`, `("hi", "fr", "…")`). */
  translationCases: Found<TranslationCase>[];
}

export interface TranslationCase {
  text: string;
  source?: string;
  target?: string;
}

export interface ExtractedExpectation {
  kind: string;
  value: string | number;
  input?: string;
}

export interface Extraction {
  language: Language;
  /** Model name as written in the file name, variant suffix removed (`xlm-roberta`, `gpt_j`). */
  fileModelName: string;
  variant: Variant;
  kind: FileKind;
  /** Why the file is not a model test / is an API-service test. */
  kindReason?: string;
  /**
   * Set on a `model-test` in which nothing names a model (no id, task, model type, architecture,
   * test class, pipeline or from_pretrained call): broken generator output, a test only by its name.
   * The resolver decides from the file name; a name that resolves to nothing makes it not a model test.
   */
  noModelConstruct?: true;
  /** Did the file parse cleanly? When not, the extractor recovered what it could. */
  parse: { clean: boolean; errors: string[] };
  modelIds: Found[];
  tasks: Found[];
  modelTypes: Found[];
  /** Architecture class hints: `BertForMaskedLM`, `AutoModelForCausalLM`. */
  architectures: Found[];
  /** Test class names: `TestXlmRobertaModels`. */
  classNames: Found[];
  /** Keys of `*_MODELS_REGISTRY` dicts (model ids) are also pushed into `modelIds`. */
  inputs: ExtractedInputs;
  expected: Found<ExtractedExpectation>[];
  /** Signs the test means feature-extraction for its own sake (pooling/normalize options, embedding assertions, comments, file name). */
  featureIntent?: Found[];
}
