import * as path from 'node:path';
import type * as TS from 'typescript';
import { requireCompiled } from './compile-cache';

let compiler: typeof TS | undefined;

/**
 * The TypeScript compiler that ts-morph (a runtime dependency) bundles: one copy per thread for
 * both the JS extractor's fallback parser and the emitter's printer. Loading it costs ~0.2–0.7 s,
 * so it is only ever loaded on first use.
 *
 * The compiler is required from where ts-morph keeps it (`@ts-morph/common/dist/typescript.js`,
 * the very module ts-morph's own `ts` export re-exports), without ts-morph and its common library
 * around it: ~4 MB less to compile and ~20 MB less memory. ts-morph itself is the fallback.
 */
export function loadTypeScript(): typeof TS {
  compiler ??= loadBundledCompiler() ?? (require('ts-morph') as { ts: typeof TS }).ts;
  return compiler;
}

function loadBundledCompiler(): typeof TS | undefined {
  try {
    const morph = path.dirname(require.resolve('ts-morph'));
    const file = require.resolve('@ts-morph/common/dist/typescript.js', { paths: [morph] });
    // Through the code cache: compiling the 9 MB module is most of what loading it costs.
    const ts = requireCompiled(file) as typeof TS;
    return typeof ts.createSourceFile === 'function' ? ts : undefined;
  } catch {
    return undefined;
  }
}
