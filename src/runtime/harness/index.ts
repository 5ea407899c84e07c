import {
  audioClassification, automaticSpeechRecognition, depthEstimation, imageClassification, imageFeatureExtraction, imageSegmentation, imageToImage, imageToText, objectDetection,
  textToAudio, zeroShotAudioClassification, zeroShotImageClassification, zeroShotObjectDetection,
} from './media';
import { summarization, text2textGeneration, textGeneration, translation } from './generation';
import { featureExtraction, fillMask, questionAnswering, textClassification, tokenClassification, zeroShotClassification } from './text';
import type { TaskHarness } from './types';

export * from './types';
export { HarnessAssertionError, InvalidInputError, assertClose } from './assert';
export { comparable } from './text';
export { syntheticAudio, syntheticImage } from './media';

const HARNESSES: TaskHarness[] = [
  fillMask, textClassification, tokenClassification, zeroShotClassification, questionAnswering, featureExtraction,
  textGeneration, text2textGeneration, summarization, translation,
  imageClassification, imageFeatureExtraction, zeroShotImageClassification, zeroShotObjectDetection, imageToText,
  objectDetection, depthEstimation, imageSegmentation, imageToImage,
  automaticSpeechRecognition, audioClassification, zeroShotAudioClassification, textToAudio,
];

const BY_TASK = new Map(HARNESSES.map((h) => [h.task, h]));
const TASK_ALIASES: Record<string, string> = { 'sentiment-analysis': 'text-classification', ner: 'token-classification', asr: 'automatic-speech-recognition', 'text-to-speech': 'text-to-audio' };

export function harnessFor(task: string): TaskHarness | undefined {
  return BY_TASK.get(TASK_ALIASES[task] ?? task);
}

export function supportedTasks(): string[] {
  return [...BY_TASK.keys()];
}
