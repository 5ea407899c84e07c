import type * as TS from 'typescript';

let compiler: typeof TS | undefined;

/**
 * The TypeScript compiler that ts-morph (a runtime dependency) bundles: one copy per thread for
 * both the JS extractor's fallback parser and the emitter's printer. Loading it costs ~0.2–0.7 s,
 * so it is only ever loaded on first use.
 */
export function loadTypeScript(): typeof TS {
  compiler ??= (require('ts-morph') as { ts: typeof TS }).ts;
  return compiler;
}
