import catalogJson from '../../catalog/catalog.json';
import { modelClassTasksOf } from '../../catalog/model-class-tasks';
import type { CoverageCatalog } from './coverage';

/**
 * The vendored catalog as the coverage count reads it: each transformers.js type's pipeline tasks
 * plus the tasks its model classes serve without a pipeline (vendored from transformers.js's
 * registry.js: image-text-to-text, mask-generation, …). Kept apart from coverage.ts so suites,
 * which load the tiny builders, never load the catalog.
 */
export function coverageCatalog(): CoverageCatalog {
  const modelTypes: CoverageCatalog['modelTypes'] = {};
  for (const [modelType, entry] of Object.entries((catalogJson as unknown as CoverageCatalog).modelTypes)) {
    const modelClassTasks = [...new Set(modelClassTasksOf(modelType).map((t) => t.task))];
    modelTypes[modelType] = { transformersJs: { ...entry.transformersJs, modelClassTasks } };
  }
  return { modelTypes };
}
