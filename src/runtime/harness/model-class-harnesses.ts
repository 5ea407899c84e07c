import { codecFeatures } from './codec';
import { decisionTransformerFeatures } from './decision-transformer';
import { imageMatting, poseEstimation } from './matting-pose';
import { maskGeneration } from './mask-generation';
import { textToMusic } from './text-to-music';
import { timeSeriesFeatures } from './time-series';
import type { TaskHarness } from './types';

/** The families transformers.js runs through model classes (tiny/model-class-families.ts): model_type → task → harness. */
export const MODEL_CLASS_HARNESSES: Readonly<Record<string, Readonly<Record<string, TaskHarness>>>> = {
  dac: { 'feature-extraction': codecFeatures },
  mimi: { 'feature-extraction': codecFeatures },
  patchtst: { 'feature-extraction': timeSeriesFeatures },
  patchtsmixer: { 'feature-extraction': timeSeriesFeatures },
  decision_transformer: { 'feature-extraction': decisionTransformerFeatures },
  vitmatte: { 'image-matting': imageMatting },
  vitpose: { 'pose-estimation': poseEstimation },
  sam: { 'mask-generation': maskGeneration },
  sam2: { 'mask-generation': maskGeneration },
  edgetam: { 'mask-generation': maskGeneration },
  sam3_tracker: { 'mask-generation': maskGeneration },
  musicgen: { 'text-to-audio': textToMusic },
};
