import { canonicalTask, tinyArchitectureFor, tinyCoverage, unsupportedTypeReason, type TinyKind } from './families';

/**
 * How far the tiny builders cover what transformers.js 4.3.1 runs, counted per (model_type, task)
 * pair over a model-type catalog (the vendored one in practice; passed in, so the runtime does not
 * load it). A pair is every pipeline task the catalog lists for a type, every task its model
 * classes serve without a pipeline (`modelClassTasks`), and every task a tiny builder covers for it.
 */

/** The part of the catalog the count reads. */
export interface CoverageCatalog {
  modelTypes: Record<string, { transformersJs: { supported: boolean; pipelineTasks: string[]; modelClassTasks?: string[] } }>;
}

/**
 * `tiny`: a tiny model is built for it (and the tiny-model tests load it and pass its harness);
 * `cannot-run`: transformers.js itself cannot run it, with the exact reason;
 * `not-built`: transformers.js could, but no tiny builder writes it yet.
 */
export type PairStatus = 'tiny' | 'cannot-run' | 'not-built';

export interface CoveredPair {
  modelType: string;
  task: string;
  status: PairStatus;
  kind?: TinyKind;
  architecture?: string;
  reason?: string;
}

export interface CatalogCoverage {
  /** transformers.js model types in the catalog (those with a transformers.js model class). */
  modelTypes: number;
  /** Types with at least one tiny pair. */
  passing: string[];
  /** Types with none, and why each of their pairs is not covered. */
  failing: Array<{ modelType: string; pairs: CoveredPair[] }>;
  pairs: CoveredPair[];
}

/** Reasons tinyArchitectureFor gives when nobody has written a builder (not a transformers.js limit). */
const NOT_BUILT = /^no tiny builder for model_type |^tiny \S+ decoders are built for /;
/** A reason that says transformers.js has no class for the task: false for a task the catalog says it serves. */
const NO_CLASS = /^transformers\.js has no \S+ class for task /;

export function catalogCoverage(catalog: CoverageCatalog): CatalogCoverage {
  const tinyTasks = new Map<string, Set<string>>();
  for (const { modelType, task } of tinyCoverage()) {
    if (!tinyTasks.has(modelType)) tinyTasks.set(modelType, new Set());
    tinyTasks.get(modelType)!.add(task);
  }
  const pairs: CoveredPair[] = [];
  const passing: string[] = [];
  const failing: CatalogCoverage['failing'] = [];
  const types = Object.entries(catalog.modelTypes).filter(([, entry]) => entry.transformersJs.supported).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [modelType, entry] of types) {
    const { pipelineTasks, modelClassTasks = [] } = entry.transformersJs;
    const tasks = [...new Set([...pipelineTasks, ...modelClassTasks, ...(tinyTasks.get(modelType) ?? [])].map(canonicalTask))].sort();
    const listed = new Set([...pipelineTasks, ...modelClassTasks].map(canonicalTask));
    const own = tasks.map((task) => pairFor(modelType, task, tinyTasks, listed.has(task)));
    // A type with no task at all still counts: it is a type transformers.js has classes for.
    if (own.length === 0) {
      const reason = unsupportedTypeReason(modelType);
      own.push(reason
        ? { modelType, task: '(none)', status: 'cannot-run', reason }
        : { modelType, task: '(none)', status: 'not-built', reason: 'the catalog lists no transformers.js task for it and no tiny builder covers it' });
    }
    pairs.push(...own);
    if (own.some((p) => p.status === 'tiny')) passing.push(modelType);
    else failing.push({ modelType, pairs: own });
  }
  return { modelTypes: types.length, passing, failing, pairs };
}

function pairFor(modelType: string, task: string, tinyTasks: Map<string, Set<string>>, listedByCatalog: boolean): CoveredPair {
  const architecture = tinyArchitectureFor(modelType, task);
  if (architecture.supported) {
    // A pair tinyArchitectureFor accepts but tinyCoverage omits would never be built by the tests.
    if (!tinyTasks.get(modelType)?.has(architecture.task)) {
      return { modelType, task, status: 'not-built', reason: `tinyArchitectureFor accepts it (${architecture.architecture}) but tinyCoverage() does not list it, so no test builds it` };
    }
    return { modelType, task, status: 'tiny', kind: architecture.kind, architecture: architecture.architecture };
  }
  const notBuilt = NOT_BUILT.test(architecture.reason) || (listedByCatalog && NO_CLASS.test(architecture.reason));
  return { modelType, task, status: notBuilt ? 'not-built' : 'cannot-run', reason: architecture.reason };
}

/** A markdown page of the count: the summary, then every pair not covered with its reason. */
export function renderCoverageMarkdown(coverage: CatalogCoverage): string {
  const count = (status: PairStatus) => coverage.pairs.filter((p) => p.status === status).length;
  const lines = [
    '# Tiny-model coverage',
    '',
    'Written by `node -r esbuild-register scripts/tiny-coverage.ts` from the vendored catalog and the tiny builders',
    '(`src/runtime/tiny/coverage.ts`); `test/runtime/tiny-coverage.test.ts` keeps it in sync. A pair is a transformers.js',
    'model type with a task its pipelines or model classes serve, or a task a tiny builder covers for it.',
    '',
    `- Model types with transformers.js classes: **${coverage.modelTypes}**; with at least one tiny model that loads and passes its harness: **${coverage.passing.length}**.`,
    `- Pairs: **${coverage.pairs.length}**: ${count('tiny')} tiny, ${count('cannot-run')} that transformers.js 4.3.1 cannot run (reason below), ${count('not-built')} not built yet.`,
    '',
    '## Types with no tiny model',
    '',
    '| model_type | task | status | reason |',
    '| --- | --- | --- | --- |',
    ...coverage.failing.flatMap(({ pairs }) => pairs.map(row)),
    '',
    '## Other pairs not covered',
    '',
    '| model_type | task | status | reason |',
    '| --- | --- | --- | --- |',
    ...coverage.pairs.filter((p) => p.status !== 'tiny' && coverage.passing.includes(p.modelType)).map(row),
    '',
  ];
  return lines.join('\n');
}

function row(p: CoveredPair): string {
  return `| ${p.modelType} | ${p.task} | ${p.status} | ${(p.reason ?? '').replace(/\|/g, '\\|')} |`;
}
