import {
  audioClassification, automaticSpeechRecognition, depthEstimation, imageClassification, imageFeatureExtraction, imageSegmentation, imageToImage, imageToText, objectDetection,
  textToAudio, zeroShotAudioClassification, zeroShotImageClassification, zeroShotObjectDetection,
} from './media';
import { backgroundRemoval } from './background-removal';
import { documentQuestionAnswering } from './document-question-answering';
import { summarization, text2textGeneration, textGeneration, translation } from './generation';
import { featureExtraction, fillMask, questionAnswering, textClassification, tokenClassification, zeroShotClassification } from './text';
import type { TaskHarness } from './types';
import { MODEL_CLASS_HARNESSES } from './model-class-harnesses';
import { florence2ImageTextToText } from './florence2';
import { qwenVlImageTextToText } from './qwen-vl';
import { LLAVA_VLM_HARNESSES } from './llava-vlm';
import { groundingDinoZeroShotObjectDetection } from './grounding-dino';
import { speechT5TextToAudio } from './speecht5';

export * from './types';
export { HarnessAssertionError, InvalidInputError, assertClose } from './assert';
export { comparable } from './text';
export { syntheticAudio, syntheticImage } from './media';

const HARNESSES: TaskHarness[] = [
  fillMask, textClassification, tokenClassification, zeroShotClassification, questionAnswering, featureExtraction,
  textGeneration, text2textGeneration, summarization, translation,
  imageClassification, imageFeatureExtraction, zeroShotImageClassification, zeroShotObjectDetection, imageToText,
  objectDetection, depthEstimation, imageSegmentation, imageToImage, backgroundRemoval, documentQuestionAnswering,
  automaticSpeechRecognition, audioClassification, zeroShotAudioClassification, textToAudio,
];

const BY_TASK = new Map(HARNESSES.map((h) => [h.task, h]));
const TASK_ALIASES: Record<string, string> = { 'sentiment-analysis': 'text-classification', ner: 'token-classification', asr: 'automatic-speech-recognition', 'text-to-speech': 'text-to-audio' };

/**
 * Harnesses that replace a task's general one for the families whose classes take other inputs
 * or give other outputs (a time-series model's `feature-extraction` takes past values, not text):
 * model_type → task → harness.
 */
const FAMILY_HARNESSES: Readonly<Record<string, Readonly<Record<string, TaskHarness>>>> = {
  ...MODEL_CLASS_HARNESSES,
  // image-text-to-text through the model classes (transformers.js 4.3.1 has no pipeline for it).
  ...Object.fromEntries(['qwen2_vl', 'qwen2_5_vl', 'qwen3_vl', 'qwen3_vl_moe', 'qwen3_5', 'qwen3_5_moe', 'glm_ocr'].map((t) => [t, { 'image-text-to-text': qwenVlImageTextToText }])),
  florence2: { 'image-text-to-text': florence2ImageTextToText },
  ...LLAVA_VLM_HARNESSES,
  // Grounding DINO scores caption tokens, not labels: one caption in, labels decoded from its tokens.
  'grounding-dino': { 'zero-shot-object-detection': groundingDinoZeroShotObjectDetection },
  // SpeechT5 speaks through generate_speech with a vocoder and a speaker embedding (see SPEECHT5_PIPELINE_GAPS).
  speecht5: { 'text-to-audio': speechT5TextToAudio },
};

/** The harness for a task, or for that task on one family when it has its own (see FAMILY_HARNESSES). */
export function harnessFor(task: string, modelType?: string): TaskHarness | undefined {
  const canonical = TASK_ALIASES[task] ?? task;
  return (modelType !== undefined ? FAMILY_HARNESSES[modelType]?.[canonical] : undefined) ?? BY_TASK.get(canonical);
}

export function supportedTasks(): string[] {
  return [...BY_TASK.keys()];
}
