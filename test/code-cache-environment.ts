/**
 * The framework project's test environment: Jest's node environment, plus a V8 code cache for the
 * modules Jest compiles in this worker.
 *
 * Jest compiles every module again for every test file (each file has its own module registry),
 * so a worker that runs twenty files which import ts-morph parses the 9 MB TypeScript compiler
 * twenty times (about 0.2 s each here). The cache keeps, per file name, the source Jest compiled
 * and the code V8 produced for it; a later compile of exactly the same source starts from that
 * code. What runs is unchanged: the module is still compiled, in the test file's own context,
 * from the same source; V8 only skips parsing it again, and rejects data that does not fit.
 */
import * as vm from 'node:vm';
import { TestEnvironment } from 'jest-environment-node';

/** Below this, compiling costs about what checking and deserializing would. */
const MIN_CACHED_SOURCE = 4096;

interface CachedCompile {
  source: string;
  data: Buffer;
}

const cachedCompiles = new Map<string, CachedCompile>();
const INSTALLED = Symbol.for('hf-convert.test.code-cache');

type CompileFunction = typeof vm.compileFunction;

/** Wraps `vm.compileFunction` (what jest-runtime compiles modules with) once per worker process. */
export function installCodeCache(target: { compileFunction: CompileFunction } = vm): void {
  const marked = target as unknown as Record<symbol, boolean>;
  if (marked[INSTALLED]) return;
  const compile = target.compileFunction;
  const cached: CompileFunction = function (source, params, options) {
    const filename = options?.filename;
    if (filename === undefined || source.length < MIN_CACHED_SOURCE || options?.cachedData !== undefined) return compile(source, params, options);
    const hit = cachedCompiles.get(filename);
    if (hit !== undefined && hit.source === source) {
      const fn = compile(source, params, { ...options, cachedData: hit.data });
      if (!(fn as { cachedDataRejected?: boolean }).cachedDataRejected) return fn;
    }
    const fn = compile(source, params, { ...options, produceCachedData: true });
    const data = (fn as { cachedData?: Buffer }).cachedData;
    if (data !== undefined) cachedCompiles.set(filename, { source, data });
    return fn;
  };
  target.compileFunction = cached;
  marked[INSTALLED] = true;
}

/** How many sources the cache holds (for its test). */
export function cachedCompileCount(): number {
  return cachedCompiles.size;
}

installCodeCache();

export default TestEnvironment;
