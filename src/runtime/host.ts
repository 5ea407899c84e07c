/**
 * The inference stack lives in the host realm, loaded once per Jest worker.
 *
 * Jest gives every test file a fresh module registry, so a plain `require` would re-evaluate
 * transformers.js (~150 ms) and re-bind onnxruntime-node for every suite, and tensors made in
 * the test realm would not be instances of the host's typed arrays. The hf-convert test
 * environment exposes the host realm's `require` as `__hfConvertHostRequire`; outside Jest
 * (benchmarks, scripts) the normal `require` is the host's anyway.
 */
import type * as Transformers from '@huggingface/transformers' with { 'resolution-mode': 'import' };
import type * as Ort from 'onnxruntime-node';

export const HOST_REQUIRE_GLOBAL = '__hfConvertHostRequire';

function hostRequire(id: string): unknown {
  const fromEnvironment = (globalThis as Record<string, unknown>)[HOST_REQUIRE_GLOBAL] as ((id: string) => unknown) | undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return fromEnvironment ? fromEnvironment(id) : require(id);
}

export function loadTransformers(): typeof Transformers {
  return hostRequire('@huggingface/transformers') as typeof Transformers;
}

export function loadOrt(): typeof Ort {
  return hostRequire('onnxruntime-node') as typeof Ort;
}

/** `transformers.js@4.3.1 onnxruntime-node@1.30.0`: part of every measurement key. */
export function runtimeVersions(): string {
  const transformersVersion = loadTransformers().env.version;
  const ortVersions = loadOrt().env.versions as Record<string, string | undefined>;
  return `transformers.js@${transformersVersion} onnxruntime-node@${ortVersions.node ?? ortVersions.common ?? 'unknown'}`;
}
