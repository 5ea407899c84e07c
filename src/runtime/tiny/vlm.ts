import type { ModelFiles } from './cache';
import { renderFlorence2Files } from './florence2';
import { renderQwenVlFiles } from './qwen-vl';

export { isVlmModelType, vlmArchitectureFor, vlmCoverage, VLM_TASK, type VlmKind } from './vlm-families';

/** Every file of a tiny image-text-to-text model (pure: same arguments → same bytes); `layers` undefined = default depth. */
export function renderVlmFiles(modelType: string, task: string, architecture: string, seed: string, layers?: number): ModelFiles {
  return modelType === 'florence2' ? renderFlorence2Files(modelType, task, architecture, seed, layers) : renderQwenVlFiles(modelType, task, seed, layers);
}
