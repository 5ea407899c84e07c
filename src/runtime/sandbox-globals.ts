/**
 * Built-ins Jest hands each module as parameters (`sandboxInjectedGlobals`) instead of leaving them
 * to be read as globals: inside Jest's vm context every global read goes through the context's
 * interceptor, 50-200x slower than a local in hot loops (jestjs/jest#5163, nodejs/node#31658).
 * The same objects, read as locals. Only built-ins no module redeclares with `const` or `let` (a
 * parameter cannot be redeclared). One list for this repository's projects, the preset and the
 * config `hf-convert init` writes.
 */
export const SANDBOX_INJECTED_GLOBALS: readonly string[] = [
  'Math', 'Number', 'Array', 'Object', 'String', 'JSON', 'Map', 'Set', 'Symbol', 'Reflect', 'ArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];
