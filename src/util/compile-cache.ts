/**
 * A V8 code cache for the one large module the converter loads on its critical path (the
 * TypeScript compiler, ~9 MB of JavaScript): what Node 22's `module.enableCompileCache()` does,
 * which Node 20 lacks. The compiled code (with every function compiled so far, written when the
 * process exits) is kept in the system temp folder, keyed by Node version, platform and the
 * module's path, size and time; V8 itself rejects data that does not fit the source or its flags,
 * and any failure simply loads the module the ordinary way. `HF_CONVERT_NO_COMPILE_CACHE=1` turns
 * it off.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

interface ModuleInternals {
  new (id: string, parent?: NodeModule): NodeModule & { paths: string[]; loaded: boolean };
  wrap(source: string): string;
  _nodeModulePaths(dir: string): string[];
  _cache: NodeJS.Dict<NodeModule>;
}

export function compileCacheDir(): string {
  return path.join(os.tmpdir(), 'hf-convert-compile-cache');
}

/** `require(file)` (an absolute path to a CommonJS module), compiled from the code cache when it can be. */
export function requireCompiled(file: string): unknown {
  const loaded = require.cache[file];
  if (loaded?.loaded) return loaded.exports;
  const Module = require('node:module') as unknown as ModuleInternals;
  // Only under Node's own module loader (not a test runner's module registry, whose modules live
  // in another realm): there the module registered below is the one every later require gets.
  if (process.env.HF_CONVERT_NO_COMPILE_CACHE === '1' || Module._cache !== require.cache) return require(file);
  let mod: (NodeModule & { paths: string[]; loaded: boolean }) | undefined;
  try {
    const stat = fs.statSync(file);
    const key = createHash('sha1').update(JSON.stringify([process.version, process.arch, process.platform, file, stat.size, stat.mtimeMs])).digest('hex').slice(0, 16);
    const cacheFile = path.join(compileCacheDir(), `${path.basename(file, '.js')}-${key}.v8`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // not cached yet
    }
    const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
    mod = new Module(file, module);
    mod.filename = file;
    mod.paths = Module._nodeModulePaths(path.dirname(file));
    require.cache[file] = mod;
    const body = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: NodeModule, filename: string, dirname: string) => void;
    body.call(mod.exports, mod.exports, require('node:module').createRequire(file) as NodeRequire, mod, file, path.dirname(file));
    mod.loaded = true;
    if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => writeCache(script, cacheFile));
    return mod.exports;
  } catch {
    if (mod !== undefined && require.cache[file] === mod) delete require.cache[file];
    return require(file);
  }
}

/** At exit, so the data holds the functions this run compiled too; never fails the run. */
function writeCache(script: vm.Script, cacheFile: string): void {
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    const temp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(temp, script.createCachedData());
    fs.renameSync(temp, cacheFile);
  } catch {
    // a read-only or full temp folder: the next run compiles again
  }
}
