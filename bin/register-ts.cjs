'use strict';
/**
 * Loads this repository's TypeScript sources in plain Node (the Jest reporter, child processes of
 * the tests): a require hook that compiles each `.ts` file with SWC, in-process, and keeps the
 * output on disk by content hash.
 *
 * Why not esbuild-register: its synchronous transform is a round trip to the esbuild service for
 * every file, about 0.4 s per Jest run for the reporter's modules, paid by every Jest process the
 * tests start. SWC is a native addon (no service), and a cached file is only read.
 *
 *   node -r ./bin/register-ts.cjs script.ts    or    require('./register-ts.cjs')
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const CACHE_DIR = path.join(__dirname, '..', 'node_modules', '.cache', 'hf-convert-register-ts');
let swc;
let swcVersion;

function compile(source, filename) {
  swc ??= require('@swc/core');
  swcVersion ??= swc.version ?? require('@swc/core/package.json').version;
  const key = crypto.createHash('sha256').update(`${swcVersion}\0${filename}\0${source}`).digest('hex');
  const cached = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // not compiled yet
  }
  const { code } = swc.transformSync(source, {
    filename,
    sourceMaps: 'inline',
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
  });
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Written aside and renamed: a reader in another process sees the whole file or none.
    const temp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(temp, code);
    fs.renameSync(temp, cached);
  } catch {
    // a read-only tree only costs compiling again
  }
  return code;
}

if (!Module._extensions['.ts'] || !Module._extensions['.ts'].hfConvert) {
  const load = function (module, filename) {
    module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
  };
  load.hfConvert = true;
  Module._extensions['.ts'] = load;
}
