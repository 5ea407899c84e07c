/**
 * Extract stage: pulls model ids, tasks, architectures, inputs and expectations out of one legacy
 * test file, with the construct and line each came from. Pure, synchronous, never throws.
 */
import { type Collected, Collector } from './collector';
import { factsFromFileName, kindFromFileName } from './file-name';
import { TypeScriptFallbackDeferred } from './js/fallback';
import { extractPython } from './python/walker';
import type { Extraction, FileKind, Language } from './types';

export type { Extraction } from './types';
export { allowTypeScriptFallback, TypeScriptFallbackDeferred } from './js/fallback';

/** The JS/TS extractor (and Babel with it) loads on first use: a thread reading only Python never pays for it. */
let jsExtractor: typeof import('./js/walker') | undefined;
const loadJsExtractor = (): typeof import('./js/walker') => (jsExtractor ??= require('./js/walker') as typeof import('./js/walker'));

export function extract(content: string, fileName: string): Extraction {
  const facts = factsFromFileName(fileName);
  const language: Language = facts.language ?? 'python';
  const errors: string[] = [];
  if (facts.language === null) errors.push(`unsupported file extension '${facts.extension}'; read as Python`);
  const collector = new Collector();
  try {
    const text = typeof content === 'string' ? content : String(content ?? '');
    if (language === 'python') errors.push(...extractPython(text, collector));
    else errors.push(...loadJsExtractor().extractJs(text, fileName, language === 'typescript', collector));
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
  const { kind, kindReason } = classify(facts.fileModelName, collected);
  return {
    language,
    fileModelName: facts.fileModelName,
    variant: facts.variant,
    kind,
    ...(kindReason !== undefined ? { kindReason } : {}),
    parse: { clean: errors.length === 0, errors },
    modelIds: collected.modelIds,
    tasks: collected.tasks,
    modelTypes: collected.modelTypes,
    architectures: collected.architectures,
    classNames: collected.classNames,
    inputs: collected.inputs,
    expected: collected.expected,
  };
}

function classify(fileModelName: string, c: Collected): { kind: FileKind; kindReason?: string } {
  const byName = kindFromFileName(fileModelName);
  if (byName !== null) return { kind: byName.kind, kindReason: byName.reason };
  if (c.apiServiceEvidence !== undefined) {
    const e = c.apiServiceEvidence;
    return { kind: 'api-service', kindReason: `line ${e.line}: addresses an HTTP inference service ('${e.value.slice(0, 80)}')` };
  }
  const hasModelConstruct =
    c.sawModelCall || c.modelIds.length > 0 || c.tasks.length > 0 || c.modelTypes.length > 0 || c.architectures.length > 0 || c.classNames.length > 0;
  if (!hasModelConstruct) {
    return { kind: 'not-a-model-test', kindReason: 'no model construct found (no model id, task, model type, architecture, test class, pipeline or from_pretrained call)' };
  }
  return { kind: 'model-test' };
}
