// Whether this thread may fall back to the TypeScript parser. Kept apart from the parser so a
// thread that only reads Python can check for the hand-back without loading Babel.

/**
 * Thrown instead of falling back when this thread may not load TypeScript: analysis workers hand
 * such files to the main thread, which has it loaded already when it reads JS/TS files of its own.
 */
export class TypeScriptFallbackDeferred extends Error {}

let fallbackAllowed = true;
export function allowTypeScriptFallback(allowed: boolean): void {
  fallbackAllowed = allowed;
}
export function typeScriptFallbackAllowed(): boolean {
  return fallbackAllowed;
}
