/**
 * Choosing the pipeline task for a resolved family: the legacy file's task when the family supports
 * it (and transformers.js can run it for the family), else the most fitting task the family has.
 */
import type { Category } from '../runtime/spec';
import type { Found } from '../extract/types';
import { loadCatalog, normaliseName, type Catalog, type CatalogModelType } from '../catalog';
import { isModelClassTask, modelClassTasksOf } from '../catalog/model-class-tasks';

/** Task spellings seen in hand-written tests that are neither transformers tasks nor their aliases. */
const LEGACY_TASK_SPELLINGS: Record<string, string> = {
  maskedlm: 'fill-mask',
  mlm: 'fill-mask',
  causallm: 'text-generation',
  textcompletion: 'text-generation',
  seq2seq: 'text2text-generation',
  text2text: 'text2text-generation',
  speechrecognition: 'automatic-speech-recognition',
  speechtotext: 'automatic-speech-recognition',
  imagecaptioning: 'image-to-text',
  captioning: 'image-to-text',
  embedding: 'feature-extraction',
  sequenceclassification: 'text-classification',
  sentimentclassification: 'text-classification',
  tts: 'text-to-audio',
  qa: 'question-answering',
  zeroshot: 'zero-shot-classification',
};

/** Canonical pipeline task for a legacy spelling (`ner`, `sentiment-analysis`, `translation_en_to_fr`), if any. */
export function canonicaliseTask(name: string, catalog: Catalog): string | undefined {
  const known = catalog.canonicalTask(name);
  if (known) return known;
  const spelled = name.trim().toLowerCase().replace(/_/g, '-');
  if (isModelClassTask(spelled)) return spelled;
  if (/^translation[_-]\w+[_-]to[_-]\w+$/i.test(name.trim())) return 'translation';
  return LEGACY_TASK_SPELLINGS[normaliseName(name)];
}

type TaskHint = (category: Category) => string[];
const ARCHITECTURE_TASKS: Array<[RegExp, TaskHint]> = [
  [/ForMaskedLM$/, () => ['fill-mask']],
  [/(?:ForCausalLM|LMHeadModel)$/, () => ['text-generation']],
  [/ForSeq2SeqLM$/, () => ['text2text-generation', 'summarization', 'translation']],
  [/ForConditionalGeneration$/, (category) =>
    category === 'text' ? ['text2text-generation', 'summarization', 'translation', 'text-generation']
    : category === 'audio' ? ['automatic-speech-recognition', 'text-to-audio']
    : ['image-to-text', 'image-text-to-text', 'visual-question-answering', 'automatic-speech-recognition', 'text-to-audio', 'text2text-generation']],
  [/(?:ForCTC|ForSpeechSeq2Seq)$/, () => ['automatic-speech-recognition']],
  [/ForAudioClassification$/, () => ['audio-classification']],
  [/ForSequenceClassification$/, (category) => (category === 'audio' ? ['audio-classification'] : ['text-classification', 'zero-shot-classification'])],
  [/ForTokenClassification$/, () => ['token-classification']],
  [/ForDocumentQuestionAnswering$/, () => ['document-question-answering']],
  [/ForVisualQuestionAnswering$/, () => ['visual-question-answering']],
  [/ForQuestionAnswering$/, (category) =>
    category === 'text' ? ['question-answering'] : ['visual-question-answering', 'document-question-answering', 'question-answering']],
  [/ForZeroShotImageClassification$/, () => ['zero-shot-image-classification']],
  [/ForImageClassification\w*$/, () => ['image-classification']],
  [/ForZeroShotObjectDetection$/, () => ['zero-shot-object-detection']],
  [/ForObjectDetection$/, () => ['object-detection']],
  [/For\w*Segmentation$/, () => ['image-segmentation']],
  [/ForDepthEstimation$/, () => ['depth-estimation']],
  [/ForMaskGeneration$/, () => ['mask-generation']],
  [/(?:ForImageTextToText|ForVision2Seq)$/, () => ['image-text-to-text', 'image-to-text']],
  [/(?:ForTextToSpeech|ForTextToWaveform|ForTextToAudio)$/, () => ['text-to-audio']],
  [/ForVideoClassification$/, () => ['video-classification']],
  [/(?:ForImageSuperResolution|ForImageToImage)$/, () => ['image-to-image']],
  [/ForKeypointMatching$/, () => ['keypoint-matching']],
  [/[a-z0-9]Model$/, (category) => (category === 'vision' ? ['image-feature-extraction', 'feature-extraction'] : ['feature-extraction', 'image-feature-extraction'])],
];

/** What a family of each category is most usefully tested with, best first. */
const DEFAULT_TASK_ORDER: Record<Category, string[]> = {
  text: ['fill-mask', 'text-generation', 'text2text-generation', 'text-classification', 'token-classification', 'question-answering',
    'summarization', 'translation', 'zero-shot-classification', 'feature-extraction'],
  vision: ['image-classification', 'object-detection', 'image-segmentation', 'depth-estimation', 'image-to-text', 'image-to-image',
    'image-feature-extraction', 'mask-generation', 'pose-estimation', 'image-matting', 'keypoint-matching', 'video-classification', 'feature-extraction'],
  audio: ['automatic-speech-recognition', 'audio-classification', 'text-to-audio', 'zero-shot-audio-classification', 'feature-extraction'],
  multimodal: ['image-to-text', 'zero-shot-image-classification', 'visual-question-answering', 'document-question-answering',
    'image-text-to-text', 'automatic-speech-recognition', 'zero-shot-object-detection', 'object-detection', 'image-segmentation',
    'text-to-audio', 'any-to-any', 'feature-extraction', 'image-feature-extraction'],
  other: ['feature-extraction'],
  unknown: ['feature-extraction'],
};

/** transformers.js pipelines transformers has no pipeline for (catalog `tasks[…].type` null). */
const JS_ONLY_PIPELINES = new Set(['background-removal']);

export interface TaskChoice {
  task?: string;
  because: string;
  warnings: string[];
}

/**
 * The tasks a family may be given: the catalog tasks transformers.js can run for it (through a
 * pipeline or, for tasks with no pipeline, its model classes) when there are any; else the tasks
 * transformers.js runs for it; else (transformers.js runs none) all its catalog tasks.
 */
export function allowedTasks(entry: CatalogModelType, catalog: Catalog = loadCatalog()): string[] {
  // transformers.js's feature-extraction pipeline tokenizes text and feeds token ids only, so it
  // cannot run an audio, vision or dual-encoder model even where the model class is mapped to it.
  const textOnly = (task: string) => task !== 'feature-extraction' || entry.category === 'text';
  const jsTasks = entry.transformersJs.supported ? entry.transformersJs.pipelineTasks.filter(textOnly) : [];
  for (const { task } of entry.transformersJs.supported ? modelClassTasksOf(entry.modelType) : []) {
    if (!jsTasks.includes(task)) jsTasks.push(task);
  }
  // A task transformers has no pipeline for (background-removal) or a model-class task
  // (pose-estimation) is never in the family's transformers tasks, yet transformers.js runs it.
  const jsOnly = (task: string) => isModelClassTask(task) || JS_ONLY_PIPELINES.has(task);
  const runnable = [...entry.tasks.filter((task) => jsTasks.includes(task)), ...jsTasks.filter((task) => jsOnly(task) && !entry.tasks.includes(task))];
  // transformers.js's own pipeline tests run the family on a task its model mappings do not list
  // (groupvit and clip through AutoModel in zero-shot-image-classification / image-feature-extraction).
  for (const task of pipelineTestedTasks(entry, catalog)) if (!runnable.includes(task)) runnable.push(task);
  if (runnable.length > 0) return runnable;
  // No catalog task is one transformers.js runs (mistral4: transformers lists its multimodal tasks,
  // transformers.js maps only Mistral4ForCausalLM): the suite runs on transformers.js, so its tasks.
  if (jsTasks.length > 0) return jsTasks;
  return entry.tasks;
}

/** Tasks of the family's listed ONNX checkpoints that transformers.js's tests/pipelines run. */
function pipelineTestedTasks(entry: CatalogModelType, catalog: Catalog): string[] {
  if (!entry.transformersJs.supported) return [];
  const tested = catalog
    .onnxCheckpoints(entry.modelType)
    .filter((checkpoint) => checkpoint.evidence.some((where) => /^huggingface\/transformers\.js@[^:]+:tests\/pipelines\//.test(where)));
  return [...new Set(tested.flatMap((checkpoint) => checkpoint.tasks))];
}

function whyNotAllowed(task: string, entry: CatalogModelType, allowed: string[]): string {
  if (!entry.tasks.includes(task) && entry.tasks.length > 0) {
    return `${entry.modelType} does not support ${task} (catalog tasks: ${entry.tasks.join(', ')})`;
  }
  return `transformers.js cannot run ${task} for ${entry.modelType} (it can run: ${allowed.join(', ') || 'nothing'})`;
}

function describe(found: Found): string {
  return `"${found.value}" (${found.construct}, line ${found.line})`;
}

/** Best fitting allowed task from architecture hints, the file's other tasks, then the category's default order. */
function fittingTask(extraction: { tasks: Found[]; architectures: Found[] }, entry: CatalogModelType, allowed: string[], catalog: Catalog): { task: string; how: string } | undefined {
  for (const arch of extraction.architectures) {
    for (const [pattern, hint] of ARCHITECTURE_TASKS) {
      if (!pattern.test(arch.value)) continue;
      const task = hint(entry.category).find((t) => allowed.includes(t));
      if (task) return { task, how: `architecture ${describe(arch)}` };
      break;
    }
  }
  for (const other of extraction.tasks.slice(1)) {
    const task = canonicaliseTask(other.value, catalog);
    if (task && allowed.includes(task)) return { task, how: `another task in the file, ${describe(other)}` };
  }
  const task = DEFAULT_TASK_ORDER[entry.category].find((t) => allowed.includes(t));
  if (task) return { task, how: `default for ${entry.category} families` };
  if (allowed.length > 0) return { task: allowed[0], how: `first task of ${entry.modelType}` };
  return undefined;
}

export function chooseTask(extraction: { tasks: Found[]; architectures: Found[] }, entry: CatalogModelType, catalog: Catalog): TaskChoice {
  const allowed = allowedTasks(entry, catalog);
  const legacy = extraction.tasks[0];
  let rejection: string | undefined;
  if (legacy) {
    const canonical = canonicaliseTask(legacy.value, catalog);
    const renamed = canonical && canonical !== legacy.value ? ` → ${canonical}` : '';
    if (canonical && allowed.includes(canonical)) {
      return { task: canonical, because: `legacy task ${describe(legacy)}${renamed}`, warnings: [] };
    }
    rejection = canonical ? whyNotAllowed(canonical, entry, allowed) : `"${legacy.value}" is not a known pipeline task`;
  }

  const fit = fittingTask(extraction, entry, allowed, catalog);
  if (!fit) {
    const warning = `no task: the catalog lists no task for ${entry.modelType}${legacy ? ` (legacy task ${describe(legacy)} rejected: ${rejection})` : ''}`;
    return { because: `none: ${entry.modelType} has no catalog task`, warnings: [warning] };
  }
  if (!legacy) return { task: fit.task, because: `no task in the file; ${fit.how}`, warnings: [] };
  return {
    task: fit.task,
    because: `${fit.how} (legacy task ${describe(legacy)} rejected)`,
    warnings: [`legacy task ${describe(legacy)} rejected: ${rejection}; using ${fit.task} (${fit.how})`],
  };
}
