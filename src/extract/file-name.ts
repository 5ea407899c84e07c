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

/**
 * File-name words after the model name that are not part of it: hardware and backends
 * (`_with_amd`, `_cuda`, `_openvino`) and kinds of test (`_benchmark`, `_integration`). Stripped
 * from the end like variant suffixes, so `test_hf_pythia_with_amd.py` names `pythia`.
 */
const NOT_NAME_WORDS = new Set([
  'amd', 'nvidia', 'intel', 'apple', 'qualcomm', 'cpu', 'gpu', 'cuda', 'rocm', 'mps', 'xpu', 'npu', 'tpu', 'openvino', 'qnn', 'coreml',
  'directml', 'dml', 'webgpu', 'wasm', 'ort', 'onnxruntime', 'hardware', 'hw', 'device', 'devices', 'multi_gpu', 'multigpu',
  'benchmark', 'benchmarks', 'bench', 'perf', 'performance', 'integration', 'unit', 'e2e', 'smoke', 'regression', 'compat',
  'compatibility', 'accuracy', 'latency', 'throughput', 'memory', 'stress', 'load', 'quick', 'full', 'extended', 'comprehensive',
]);
const NOT_NAME_SUFFIX_RE = /[_-](?:with[_-])?([a-z0-9]+)$/i;

/** `pythia_with_amd` → `pythia`; never strips the whole name. */
export function stripNotNameSuffixes(name: string): string {
  let out = name;
  for (;;) {
    const m = NOT_NAME_SUFFIX_RE.exec(out);
    if (!m || m.index === 0 || !NOT_NAME_WORDS.has(m[1].toLowerCase())) return out;
    out = out.slice(0, m.index);
  }
}

/** `test_hf_xlm-roberta_standardized.py` → python, `xlm-roberta`, standardized. */
export function factsFromFileName(fileName: string): FileNameFacts {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 ? base.slice(dot).toLowerCase() : '';
  const stem = dot > 0 ? base.slice(0, dot) : base;
  let name = stem.startsWith('test_hf_') ? stem.slice('test_hf_'.length) : stem.startsWith('test_') ? stem.slice('test_'.length) : stem;
  let variant: Variant = 'base';
  name = stripNotNameSuffixes(name);
  for (const [suffix, v] of VARIANT_SUFFIXES) {
    if (name.length > suffix.length && name.endsWith(suffix)) {
      name = name.slice(0, -suffix.length);
      variant = v;
      break;
    }
  }
  name = stripNotNameSuffixes(name);
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
