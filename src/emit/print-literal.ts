/**
 * Prints a spec value as the TypeScript object literal TypeScript's own printer writes for it (the
 * bytes every generated suite has carried), without loading the compiler: emitting a suite no
 * longer costs the ~0.3 s of CPU that compiling typescript.js takes. Shapes this printer does not
 * know how TypeScript lays out return undefined, and the caller falls back to the compiler;
 * test/emit/print-literal.test.ts compares both printers on every suite and on random values.
 */

const INDENT = '    ';
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The literal text, or undefined when the value has a shape left to TypeScript's printer. */
export function printLiteral(value: unknown): string | undefined {
  try {
    return print(value, '');
  } catch (error) {
    if (error instanceof UnknownLayout) return undefined;
    throw error;
  }
}

class UnknownLayout extends Error {}

/** Whether the compiler printer lays the value out over several lines (see specLiteral in render.ts). */
export function isMultiLine(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => typeof item === 'object' && item !== null) || JSON.stringify(value).length > 80;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value).length > 80;
  return false;
}

function print(value: unknown, indent: string): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return printNumber(value);
  if (Array.isArray(value)) return printList(value.map((item) => ({ value: item })), '[', ']', indent, isMultiLine(value));
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return printList(entries.map(([key, v]) => ({ key, value: v })), '{', '}', indent, isMultiLine(value));
  }
  // Unsupported values (undefined in an array, functions, bigints) keep the compiler's own error.
  throw new UnknownLayout();
}

function printList(items: Array<{ key?: string; value: unknown }>, open: string, close: string, indent: string, multiLine: boolean): string {
  if (items.length === 0) return `${open}${close}`;
  const member = (item: { key?: string; value: unknown }, at: string) =>
    (item.key === undefined ? '' : `${IDENTIFIER.test(item.key) ? item.key : quote(item.key)}: `) + print(item.value, at);
  if (multiLine) {
    const inner = indent + INDENT;
    return `${open}\n${items.map((item) => inner + member(item, inner)).join(',\n')}\n${indent}${close}`;
  }
  // The compiler indents a multi-line child of a one-line parent in its own way: leave that to it.
  if (items.some((item) => isMultiLine(item.value))) throw new UnknownLayout();
  const body = items.map((item) => member(item, indent)).join(', ');
  return open === '{' ? `{ ${body} }` : `[${body}]`;
}

function printNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot emit the non-finite number ${value}`);
  // Exponent forms are left to the compiler, which writes its own spelling of them.
  const text = String(Math.abs(value));
  if (/e/i.test(text)) throw new UnknownLayout();
  return value < 0 || Object.is(value, -0) ? `-${text}` : text;
}

/** Characters `quote` prints as they are: printable ASCII and DEL, except `"` and `\\`. */
const PRINTED_AS_IS = /^[\x20\x21\x23-\x5b\x5d-\x7f]*$/;

/**
 * A double-quoted string escaped as TypeScript's printer escapes synthesized literals: the quote,
 * backslash and control characters, and every character outside ASCII as \uXXXX.
 */
function quote(text: string): string {
  // Most legacy strings need no escape: skip the per-character loop (half of printing a corpus).
  if (PRINTED_AS_IS.test(text)) return `"${text}"`;
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const escaped = ESCAPES[text[i]!];
    // `\0` before a digit would read as an octal escape.
    if (code === 0 && /[0-9]/.test(text[i + 1] ?? '')) out += '\\x00';
    else if (escaped !== undefined) out += escaped;
    else if (code < 0x20 || code > 0x7f) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += text[i];
  }
  return `${out}"`;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
  '\0': '\\0',
};
