/**
 * Extract stage: pulls model ids, tasks, architectures, inputs and expectations out of one legacy
 * test file, with the construct and line each came from. Pure, synchronous, never throws.
 */
import { type Collected, Collector } from './collector';
import { factsFromFileName, kindFromFileName } from './file-name';
import { TypeScriptFallbackDeferred, type TypeScriptFallbackResume } from './js/fallback';
import { extractPython } from './python/walker';
import { featureIntent } from './feature-intent';
import type { Extraction, FileKind, Found, Language } from './types';

export type { Extraction } from './types';
export { allowTypeScriptFallback, TypeScriptFallbackDeferred, type TypeScriptFallbackResume } from './js/fallback';

export interface ExtractOptions {
  /** A JS/TS file another thread handed back (TypeScriptFallbackDeferred): where it had got to. */
  typeScriptFallback?: TypeScriptFallbackResume;
}

/** The JS/TS extractor (and Babel with it) loads on first use: a thread reading only Python never pays for it. */
let jsExtractor: typeof import('./js/walker') | undefined;
const loadJsExtractor = (): typeof import('./js/walker') => (jsExtractor ??= require('./js/walker') as typeof import('./js/walker'));

export function extract(content: string, fileName: string, options: ExtractOptions = {}): Extraction {
  const facts = factsFromFileName(fileName);
  const language: Language = facts.language ?? 'python';
  const errors: string[] = [];
  if (facts.language === null) errors.push(`unsupported file extension '${facts.extension}'; read as Python`);
  const collector = new Collector();
  try {
    const text = typeof content === 'string' ? content : String(content ?? '');
    if (language === 'python') errors.push(...extractPython(text, collector));
    else errors.push(...loadJsExtractor().extractJs(text, fileName, language === 'typescript', collector, options.typeScriptFallback));
  } catch (err) {
    // The one deliberate exception: a worker that may not load TypeScript hands the file back.
    if (err instanceof TypeScriptFallbackDeferred) throw err;
    // Extraction must never throw; keep whatever was collected before the failure.
    errors.push(err instanceof RangeError ? `source nests too deeply to parse (${err.message})` : `extractor failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  let collected: Collected;
  try {
    collected = collector.finish();
  } catch (err) {
    errors.push(`extractor failed: ${err instanceof Error ? err.message : String(err)}`);
    collected = new Collector().finish();
  }
  const { kind, kindReason, noModelConstruct } = classify(facts.fileModelName, collected, language === 'python' ? content : '', isBlank(content));
  return {
    language,
    fileModelName: facts.fileModelName,
    variant: facts.variant,
    kind,
    ...(kindReason !== undefined ? { kindReason } : {}),
    ...(noModelConstruct ? { noModelConstruct } : {}),
    parse: { clean: errors.length === 0, errors },
    modelIds: collected.modelIds,
    tasks: collected.tasks,
    modelTypes: collected.modelTypes,
    architectures: collected.architectures,
    classNames: collected.classNames,
    inputs: collected.inputs,
    expected: collected.expected,
    ...withFeatureIntent(featureIntent(typeof content === 'string' ? content : '', fileName)),
  };
}

/**
 * A placeholder that skips itself: `pytest.skip(..., allow_module_level=True)` or `raise SkipTest(...)`
 * as a top-level statement (column 0, so not the conditional skip of a real test inside an `if`).
 */
const MODULE_LEVEL_SKIP_RE = /^(?:pytest\.skip\s*\((?:[^()]|\([^()]*\))*?\ballow_module_level\s*=\s*True|raise\s+(?:unittest\.)?SkipTest\b)/m;

function moduleLevelSkip(pythonText: string): string | undefined {
  if (!pythonText.includes('allow_module_level') && !pythonText.includes('SkipTest')) return undefined;
  const match = MODULE_LEVEL_SKIP_RE.exec(pythonText);
  if (!match) return undefined;
  const line = pythonText.slice(0, match.index).split('\n').length;
  const what = match[0].startsWith('raise') ? 'raise SkipTest(...)' : 'pytest.skip(..., allow_module_level=True)';
  return `placeholder that skips itself: ${what} at module level (line ${line})`;
}

function withFeatureIntent(found: Found[]): { featureIntent?: Found[] } {
  return found.length > 0 ? { featureIntent: found } : {};
}

function isBlank(content: unknown): boolean {
  return typeof content !== 'string' || content.trim() === '';
}

function classify(fileModelName: string, c: Collected, pythonText: string, blank: boolean): { kind: FileKind; kindReason?: string; noModelConstruct?: true } {
  const byName = kindFromFileName(fileModelName);
  if (byName !== null) return { kind: byName.kind, kindReason: byName.reason };
  if (blank) return { kind: 'not-a-model-test', kindReason: 'the file is empty' };
  const skip = typeof pythonText === 'string' ? moduleLevelSkip(pythonText) : undefined;
  if (skip !== undefined) return { kind: 'not-a-model-test', kindReason: skip };
  if (c.apiServiceEvidence !== undefined) {
    const e = c.apiServiceEvidence;
    return { kind: 'api-service', kindReason: `line ${e.line}: addresses an HTTP inference service ('${e.value.slice(0, 80)}')` };
  }
  const hasModelConstruct =
    c.sawModelCall || c.modelIds.length > 0 || c.tasks.length > 0 || c.modelTypes.length > 0 || c.architectures.length > 0 || c.classNames.length > 0;
  if (!hasModelConstruct) {
    // Still a model test when its name names a model (the resolver decides; see `noModelConstruct`).
    return { kind: 'model-test', kindReason: 'no model construct found (no model id, task, model type, architecture, test class, pipeline or from_pretrained call)', noModelConstruct: true };
  }
  return { kind: 'model-test' };
}
