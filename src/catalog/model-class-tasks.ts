/**
 * Tasks transformers.js 4.3.1 runs through model classes, with no pipeline (`image-text-to-text`
 * for qwen2_vl, `mask-generation` for sam). Vendored from its registry.js mappings by
 * scripts/vendor-model-class-tasks.js; see ./README.md.
 */
import data from './model-class-mappings.json';

export interface ModelClassTask {
  task: string;
  /** The class transformers.js loads, e.g. `Qwen2VLForConditionalGeneration`. */
  className: string;
  /** The registry.js mapping that lists it, e.g. `MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES`. */
  mapping: string;
}

const byModelType = data.modelTypes as Record<string, ModelClassTask[]>;
const taskNames = new Set(Object.values(data.provenance.taskOfMapping as Record<string, string>));

/** The model-class tasks of a model_type (empty when it has none). */
export function modelClassTasksOf(modelType: string): ModelClassTask[] {
  return byModelType[modelType] ?? [];
}

/** Is `task` one transformers.js runs only through model classes? */
export function isModelClassTask(task: string): boolean {
  return taskNames.has(task);
}
