/**
 * Prints a spec as a TypeScript expression exactly as the TypeScript printer prints the AST that
 * `specLiteral` (render.ts) builds, without loading the compiler (~0.5 s per process, cold).
 *
 * The TypeScript printer's rules for the synthesized nodes we build: every object or array literal
 * indents its contents one level (4 spaces) whether or not it breaks lines; a multi-line literal
 * puts each item on its own line and its closing bracket on a line of its own; a single-line
 * object pads its braces (`{ a: 1 }`), an array does not (`[1, 2]`); empty ones are `{}` and `[]`;
 * no trailing commas. Strings get double quotes and TypeScript's escapes (non-ASCII as `\uXXXX`).
 *
 * Returns undefined for anything it does not print exactly as TypeScript would: the caller then
 * uses the TypeScript printer. test/emit/print-spec.test.ts compares both on real and odd specs.
 */

const INDENT = '    ';
const IDENTIFIER_KEY = /^[A-Za-z_$][\w$]*$/;
/** What TypeScript's `escapeString` escapes in a double-quoted literal. */
const ESCAPED = /[\\"\u0000-\u001f\u2028\u2029\u0085]/g;
const NON_ASCII = /[^\u0000-\u007f]/g;
const NAMED_ESCAPES: Record<string, string> = {
  '\t': '\\t', '\v': '\\v', '\f': '\\f', '\b': '\\b', '\r': '\\r', '\n': '\\n', '\\': '\\\\', '"': '\\"',
  '\u2028': '\\u2028', '\u2029': '\\u2029', '\u0085': '\\u0085',
};

const unicodeEscape = (code: number): string => '\\u' + code.toString(16).toUpperCase().padStart(4, '0');

function escapeChar(c: string, offset: number, input: string): string {
  if (c === '\u0000') {
    const next = input.charCodeAt(offset + 1);
    return next >= 48 && next <= 57 ? '\\x00' : '\\0';
  }
  return NAMED_ESCAPES[c] ?? unicodeEscape(c.charCodeAt(0));
}

/** A double-quoted string literal, escaped as TypeScript's printer escapes it. */
export function quoteString(value: string): string {
  const escaped = value.replace(ESCAPED, escapeChar).replace(NON_ASCII, (c) => unicodeEscape(c.charCodeAt(0)));
  return '"' + escaped + '"';
}

class Unprintable extends Error {}

/** The spec as TypeScript source, or undefined when only the TypeScript printer should print it. */
export function printSpecLiteral(spec: unknown): string | undefined {
  try {
    return print(spec, 0);
  } catch (error) {
    if (error instanceof Unprintable) return undefined;
    throw error;
  }
}

/** `depth`: how many literals enclose this value (each indents its contents one level). */
function print(value: unknown, depth: number): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot emit the non-finite number ${value}`);
    const digits = String(Math.abs(value));
    return value < 0 || Object.is(value, -0) ? '-' + digits : digits;
  }
  if (Array.isArray(value)) {
    if (value.some((item) => item === undefined)) throw new Unprintable();
    const items = value.map((item) => print(item, depth + 1));
    const multiLine = value.some((item) => typeof item === 'object' && item !== null) || JSON.stringify(value).length > 80;
    return list('[', ']', items, multiLine, false, depth);
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    const properties = entries.map(([key, v]) => `${IDENTIFIER_KEY.test(key) ? key : quoteString(key)}: ${print(v, depth + 1)}`);
    const multiLine = JSON.stringify(value).length > 80;
    return list('{', '}', properties, multiLine, true, depth);
  }
  // functions, bigints, symbols: render.ts decides how those fail
  throw new Unprintable();
}

function list(open: string, close: string, items: string[], multiLine: boolean, padBraces: boolean, depth: number): string {
  if (items.length === 0) return open + close;
  if (!multiLine) return padBraces ? `${open} ${items.join(', ')} ${close}` : `${open}${items.join(', ')}${close}`;
  const inner = INDENT.repeat(depth + 1);
  return `${open}\n${inner}${items.join(`,\n${inner}`)}\n${INDENT.repeat(depth)}${close}`;
}

export interface TemplateCut {
  /** Start of the template's first statement (its leading comments are replaced by the header). */
  firstCode: number;
  /** The `spec` initializer's object literal: [start, end). */
  initializerStart: number;
  initializerEnd: number;
}

/**
 * Finds where the template's code starts and its `const spec = { … }` initializer, as the
 * TypeScript parser would. Undefined when the template is not plainly shaped (then TypeScript
 * reads it): one top-level `const spec` (optionally `: Name`) initialized by an object literal and `;`.
 */
export function cutTemplate(template: string): TemplateCut | undefined {
  const firstCode = skipTrivia(template, 0);
  if (firstCode === undefined || template.startsWith('#!')) return undefined;
  const declarations = [...template.matchAll(/(?:^|\n)(?:export[ \t]+)?(?:const|let|var)[ \t]+spec\b/g)];
  if (declarations.length !== 1) return undefined;
  const after = declarations[0].index + declarations[0][0].length;
  const head = /^\s*(?::\s*[A-Za-z_$][\w$.]*\s*)?=/.exec(template.slice(after));
  if (head === null) return undefined;
  const initializerStart = skipTrivia(template, after + head[0].length);
  if (initializerStart === undefined || template[initializerStart] !== '{') return undefined;
  const initializerEnd = matchingBrace(template, initializerStart);
  // `{ … } as const` or `{ … }.x` would make the initializer a larger expression.
  if (initializerEnd === undefined || template[skipTrivia(template, initializerEnd) ?? -1] !== ';') return undefined;
  return { firstCode, initializerStart, initializerEnd };
}

/** Index of the first character at or after `p` that is not white space or a comment. */
function skipTrivia(text: string, p: number): number | undefined {
  for (;;) {
    while (p < text.length && /\s/.test(text[p])) p++;
    if (text.startsWith('//', p)) {
      const newline = text.indexOf('\n', p);
      if (newline === -1) return undefined;
      p = newline + 1;
    } else if (text.startsWith('/*', p)) {
      const close = text.indexOf('*/', p + 2);
      if (close === -1) return undefined;
      p = close + 2;
    } else return p < text.length ? p : undefined;
  }
}

/** Index just past the `}` closing the `{` at `open`; undefined for anything unusual (templates, regexes). */
function matchingBrace(text: string, open: number): number | undefined {
  let depth = 0;
  for (let p = open; p < text.length; p++) {
    const c = text[p];
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') {
      if (--depth === 0) return c === '}' ? p + 1 : undefined;
    } else if (c === '"' || c === "'") {
      for (p++; p < text.length && text[p] !== c; p++) {
        if (text[p] === '\\') p++;
        else if (text[p] === '\n') return undefined;
      }
    } else if (c === '/' && text[p + 1] === '/') {
      const newline = text.indexOf('\n', p);
      if (newline === -1) return undefined;
      p = newline;
    } else if (c === '/' && text[p + 1] === '*') {
      const close = text.indexOf('*/', p + 2);
      if (close === -1) return undefined;
      p = close + 1;
    } else if (c === '`' || c === '/') return undefined;
  }
  return undefined;
}
