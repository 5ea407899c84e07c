import type { FileKind, Language, Variant } from './types';

export interface FileNameFacts {
  /** Null when the extension is not one we read. */
  language: Language | null;
  extension: string;
  fileModelName: string;
  variant: Variant;
}

const LANGUAGE_BY_EXTENSION: Record<string, Language> = {
  '.py': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
};

const VARIANT_SUFFIXES: Array<[string, Variant]> = [
  ['_standardized', 'standardized'],
  ['_minimal', 'minimal'],
  ['_web', 'web'],
];

/** `test_hf_xlm-roberta_standardized.py` → python, `xlm-roberta`, standardized. */
export function factsFromFileName(fileName: string): FileNameFacts {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 ? base.slice(dot).toLowerCase() : '';
  const stem = dot > 0 ? base.slice(0, dot) : base;
  let name = stem.startsWith('test_hf_') ? stem.slice('test_hf_'.length) : stem.startsWith('test_') ? stem.slice('test_'.length) : stem;
  let variant: Variant = 'base';
  for (const [suffix, v] of VARIANT_SUFFIXES) {
    if (name.length > suffix.length && name.endsWith(suffix)) {
      name = name.slice(0, -suffix.length);
      variant = v;
      break;
    }
  }
  return { language: LANGUAGE_BY_EXTENSION[extension] ?? null, extension, fileModelName: name, variant };
}

const HELPER_NAMES = new Set([
  'utils', 'util', 'common', 'runner', 'helpers', 'helper', 'base', 'conftest', '__init__', 'init', 'help', 'setup',
  'fixtures', 'config', 'template', 'templates', 'main', 'all', 'suite', 'registry', 'generator', 'mock', 'mocks',
]);
const HELPER_PART_RE = /(?:^|[_-])(?:utils|helpers|runner|conftest|fixtures)$|^(?:common|helper|base|template)[_-]/;
const API_SERVICE_RE = /(?:^|[_-])(?:tgi|tei)(?:$|[_-])|inference[_-]api|text[_-]generation[_-]inference|text[_-]embeddings?[_-]inference|inference[_-]endpoints?/i;

/** Kind decided from the name alone, if the name decides it. */
export function kindFromFileName(fileModelName: string): { kind: FileKind; reason: string } | null {
  const lower = fileModelName.toLowerCase();
  if (lower === '') return { kind: 'not-a-model-test', reason: 'file name has no model name after the test prefix' };
  if (lower.startsWith('_')) return { kind: 'not-a-model-test', reason: `helper file: name '${fileModelName}' starts with '_'` };
  if (HELPER_NAMES.has(lower) || HELPER_PART_RE.test(lower)) return { kind: 'not-a-model-test', reason: `helper file: '${fileModelName}' names a utility module, not a model` };
  if (API_SERVICE_RE.test(lower)) return { kind: 'api-service', reason: `file name '${fileModelName}' names an HTTP inference service` };
  return null;
}
