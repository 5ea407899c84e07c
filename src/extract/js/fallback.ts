// Whether this thread may fall back to the TypeScript parser. Kept apart from the parser so a
// thread that only reads Python can check for the hand-back without loading Babel.

/**
 * Where a thread that handed a file back had got to: Babel and every repair were tried and gave
 * up, so the thread that takes the file over goes straight to the TypeScript parser (the same
 * text, the same first error) instead of repeating them.
 */
export interface TypeScriptFallbackResume {
  /** The TypeScript parser reads the original source rather than the pre-pass's stripped text. */
  original: boolean;
  /** Babel's error, which the record lists first. */
  babelError: string;
}

/**
 * Thrown instead of falling back when this thread may not load TypeScript: analysis workers hand
 * such files to the main thread, which has it loaded already when it reads JS/TS files of its own.
 */
export class TypeScriptFallbackDeferred extends Error {
  constructor(message: string, readonly resume?: TypeScriptFallbackResume) {
    super(message);
  }
}

let fallbackAllowed = true;
export function allowTypeScriptFallback(allowed: boolean): void {
  fallbackAllowed = allowed;
}
export function typeScriptFallbackAllowed(): boolean {
  return fallbackAllowed;
}
