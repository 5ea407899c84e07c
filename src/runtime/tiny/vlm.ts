import type { ModelFiles } from './cache';
import { renderFlorence2Files } from './florence2';
import { LLAVA_VLM_FAMILIES } from './llava-vlm-families';
import { renderLlavaVlmFiles } from './llava-vlm';
import { renderQwenVlFiles } from './qwen-vl';

export { isVlmModelType, vlmArchitectureFor, vlmCoverage, VLM_TASK, type VlmKind } from './vlm-families';

/** Every file of a tiny image-text-to-text model (pure: same arguments → same bytes); `layers` undefined = default depth. */
export function renderVlmFiles(modelType: string, task: string, architecture: string, seed: string, layers?: number): ModelFiles {
  if (modelType === 'florence2') return renderFlorence2Files(modelType, task, architecture, seed, layers);
  if (Object.hasOwn(LLAVA_VLM_FAMILIES, modelType)) return renderLlavaVlmFiles(modelType, task, seed, layers);
  return renderQwenVlFiles(modelType, task, seed, layers);
}
