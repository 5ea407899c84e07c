/**
 * Which names and values mean what. Kept apart from the walkers so Python and JS/TS files are
 * read with exactly the same vocabulary.
 */

const normCache = new Map<string, string>();

/** `modelId` / `MODEL_ID` / `model-id` → `model_id`, so Python and JS spellings share one rule. */
export function normalizeName(name: string): string {
  let out = normCache.get(name);
  if (out !== undefined) return out;
  out = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
  if (normCache.size < 5000) normCache.set(name, out);
  return out;
}

export const MODEL_ID_NAMES = new Set([
  'model_id', 'model_name', 'model', 'model_name_or_path', 'pretrained_model_name_or_path', 'model_id_or_path',
  'default_model', 'default_model_id', 'default_model_name', 'model_checkpoint', 'checkpoint', 'hf_model_id',
  'repo_id', 'test_model', 'test_model_id', 'test_model_name', 'model_repo',
]);
/** Names holding a list of model ids. */
export const MODEL_ID_LIST_NAMES = new Set(['model_ids', 'models', 'model_names', 'test_models', 'supported_models']);
/** Whisper's `generate(task="transcribe")` modes share the keyword but are not pipeline tasks. */
export const NOT_PIPELINE_TASKS = new Set(['transcribe', 'translate']);
export const TASK_NAMES = new Set(['task', 'task_name', 'pipeline_task', 'default_task', 'task_type', 'pipeline_type']);
export const TASK_LIST_NAMES = new Set(['tasks', 'recommended_tasks', 'supported_tasks', 'pipeline_tasks']);
export const MODEL_TYPE_NAMES = new Set(['model_type']);
export const ARCH_NAMES = new Set(['model_class', 'model_class_name', 'class_name', 'architecture', 'architectures', 'auto_class', 'model_cls']);
export const CANDIDATE_LABEL_NAMES = new Set(['candidate_labels', 'test_candidate_labels', 'labels_to_classify']);
export const QUESTION_NAMES = new Set(['question', 'test_question', 'sample_question', 'query_question']);
export const CONTEXT_NAMES = new Set(['context', 'test_context', 'sample_context', 'question_context']);
export const IMAGE_NAMES = new Set([
  'image', 'image_url', 'image_path', 'image_file', 'test_image', 'test_image_url', 'test_image_path', 'sample_image',
  'img_url', 'img_path', 'image_uri', 'input_image', 'url_image',
]);
export const AUDIO_NAMES = new Set([
  'audio', 'audio_url', 'audio_path', 'audio_file', 'test_audio', 'test_audio_url', 'test_audio_path', 'sample_audio',
  'input_audio', 'speech_file', 'wav_path',
]);
/** Translation language codes: `src_lang="en_XX"`, `self.tgt_lang = "ro_RO"`, `targetLanguage: 'fr'`. */
export const SOURCE_LANGUAGE_NAMES = new Set(['src_lang', 'source_lang', 'source_language', 'src_language', 'src_lang_code']);
export const TARGET_LANGUAGE_NAMES = new Set(['tgt_lang', 'target_lang', 'target_language', 'tgt_language', 'tgt_lang_code']);
/** `en`, `fra`, `en_XX`, `fra_Latn`, `zh-CN`: what tokenizers with language tokens use. */
const LANGUAGE_CODE_RE = /^[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?$/;
export const isLanguageCode = (v: string): boolean => LANGUAGE_CODE_RE.test(v);
const TEXT_NAME_RE =
  /^(?:test_|sample_|input_|example_|default_|batch_|dummy_)?(?:text|texts|input|inputs|sentence|sentences|prompt|prompts|sequence|sequences|sequence_to_classify|query|queries|text_input|text_inputs|input_text|input_texts|source|sources|source_text|source_texts|src_text|src_texts)$/;
export const isTextName = (normalized: string): boolean => TEXT_NAME_RE.test(normalized);

/** `expected_label` → `label`; `EXPECTED_OUTPUT` → `output`; `expected` → `output`. */
export function expectationKindOf(normalized: string): string | null {
  if (normalized === 'expected' || normalized === 'expected_output' || normalized === 'expected_result') return 'output';
  const m = /^expected_(\w+?)s?$/.exec(normalized);
  return m ? m[1] : null;
}

/** Output fields whose asserted value is a meaningful expectation. */
export const OUTPUT_KEYS = new Set([
  'token_str', 'label', 'labels', 'generated_text', 'answer', 'sequence', 'translation_text', 'summary_text', 'text',
  'score', 'token', 'word', 'entity', 'entity_group', 'caption', 'top_prediction', 'prediction', 'predicted_label',
]);

export const PIPE_VARIABLE_NAMES = new Set([
  'pipe', 'pipeline_instance', 'unmasker', 'classifier', 'generator', 'nlp', 'fill_mask', 'extractor', 'captioner',
  'transcriber', 'detector', 'answerer', 'translator', 'summarizer', 'segmenter', 'qa_pipeline', 'text_generator',
]);

export const ARGPARSE_MODEL_FLAGS = new Set(['--model', '--model_id', '--model-id', '--model_name', '--model-name', '--model-path', '--model_path', '--checkpoint']);
export const ARGPARSE_TASK_FLAGS = new Set(['--task', '--pipeline-task', '--pipeline_task']);

const MODEL_ID_RE = /^[A-Za-z0-9][\w.-]*(?:\/[\w.-]+)?$/;
export const isModelIdLike = (v: string): boolean => v.length <= 160 && MODEL_ID_RE.test(v) && !/^[\d.]+$/.test(v);
const TASK_RE = /^[a-z][a-z0-9_]*(?:-[a-z0-9_]+)*$/;
export const isTaskLike = (v: string): boolean => v.length <= 64 && TASK_RE.test(v);
const MODEL_TYPE_RE = /^[A-Za-z0-9][\w.-]*$/;
export const isModelTypeLike = (v: string): boolean => v.length <= 64 && MODEL_TYPE_RE.test(v);

const ARCH_RE = /^(?:TF|Flax)?[A-Z][A-Za-z0-9]*?(?:For[A-Z][A-Za-z0-9]*|LMHeadModel|WithLMHead|Model)$/;
const NOT_ARCH_RE = /^(?:Mock|Fake|Dummy|Test|Base|Simple|Abstract|Pre[Tt]rained|Custom|My)|(?:PreTrainedModel|Test|Mock)$|^(?:TF|Flax)?Model$/;
/** `BertForMaskedLM`, `GPT2LMHeadModel`, `AutoModelForCausalLM`, `T5Model` — not `MockModel` or `Model`. */
export const isArchitectureName = (name: string): boolean =>
  name.length <= 80 && ARCH_RE.test(name) && !NOT_ARCH_RE.test(name) && /[a-z]/.test(name);

const TEST_CLASS_RE = /^Test|Tests?$|TestCase$/;
const NOT_TEST_CLASS_RE = /^(?:Mock|Fake|Dummy)/;
export const isTestClassName = (name: string): boolean => TEST_CLASS_RE.test(name) && !NOT_TEST_CLASS_RE.test(name);

const MASK_RE = /\[MASK\]|<mask>|<extra_id_\d+>|\[mask\]|<MASK>/;
const MASK_RE_G = /\[MASK\]|<mask>|<extra_id_\d+>|\[mask\]|<MASK>/g;
/** A sentence with a mask token in it — a bare `"[MASK]"` token constant is not an input. */
export function isMaskedText(v: string): boolean {
  if (v.length > 2000 || !MASK_RE.test(v)) return false;
  const rest = v.replace(MASK_RE_G, ' ');
  return /[A-Za-z\u00C0-\uFFFF]{2,}/.test(rest);
}

const IMAGE_RE = /^(?:https?:\/\/[^\s]+|[\w./~\\:-]+)\.(?:jpe?g|png|webp|gif|bmp)(?:\?[^\s]*)?$/i;
const AUDIO_RE = /^(?:https?:\/\/[^\s]+|[\w./~\\:-]+)\.(?:wav|mp3|flac|ogg|m4a)(?:\?[^\s]*)?$/i;
export const isImageRef = (v: string): boolean => v.length <= 500 && IMAGE_RE.test(v) && !v.includes('*');
export const isAudioRef = (v: string): boolean => v.length <= 500 && AUDIO_RE.test(v) && !v.includes('*');
const URL_OR_PATH_RE = /^(?:https?:\/\/\S+|[\w./~\\-]+\/[\w./~\\-]+)$/;
export const isUrlOrPath = (v: string): boolean => v.length <= 500 && URL_OR_PATH_RE.test(v);

/** Markers of a test that talks to an HTTP inference service instead of running a model. */
const API_STRING_RE = /\/(?:generate|generate_stream|embed|embed_all|embed_sparse|rerank)(?:$|[?"'/])|text-generation-inference|text-embeddings-inference/;
export const isApiServiceString = (v: string): boolean => v.length < 2000 && API_STRING_RE.test(v);

/** `SENTIMENT_MODEL`, `fallback_model_id`, `ner_model_name`: names of a variable holding a model id. */
const MODEL_ID_NAME_RE = /(?:^|_)model(?:_id|_name|_checkpoint|_repo)?$/;
export const isModelIdName = (normalized: string): boolean => MODEL_ID_NAMES.has(normalized) || MODEL_ID_NAME_RE.test(normalized);

const NAMED_SETS = [
  MODEL_ID_NAMES, MODEL_ID_LIST_NAMES, TASK_NAMES, TASK_LIST_NAMES, MODEL_TYPE_NAMES, ARCH_NAMES, CANDIDATE_LABEL_NAMES,
  QUESTION_NAMES, CONTEXT_NAMES, IMAGE_NAMES, AUDIO_NAMES, SOURCE_LANGUAGE_NAMES, TARGET_LANGUAGE_NAMES,
];
const meaningfulCache = new Map<string, string | null>();
/**
 * One lookup per assignment: the normalized name when an assignment to `name` (as written) means
 * anything to the collector, else null.
 */
export function meaningfulName(name: string): string | null {
  let known = meaningfulCache.get(name);
  if (known === undefined) {
    const n = normalizeName(name);
    known = NAMED_SETS.some((set) => set.has(n)) || isModelIdName(n) || isTextName(n) || expectationKindOf(n) !== null ? n : null;
    if (meaningfulCache.size < 5000) meaningfulCache.set(name, known);
  }
  return known;
}
