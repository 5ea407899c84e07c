/** Python keywords, identified by small integer ids so the tokenizer never allocates for them. */
const KEYWORDS = [
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
] as const;
type Keyword = (typeof KEYWORDS)[number];

const id = (kw: Keyword): number => KEYWORDS.indexOf(kw) + 1;
export const KW = {
  False: id('False'), None: id('None'), True: id('True'), async: id('async'), assert: id('assert'), class: id('class'),
  def: id('def'), else: id('else'), for: id('for'), if: id('if'), with: id('with'), lambda: id('lambda'), await: id('await'),
} as const;

export const keywordText = (kwId: number): string => KEYWORDS[kwId - 1];

/** Candidates by first char code, so lookup is a couple of `startsWith` calls at most. */
const byFirstChar: Array<Array<{ text: string; id: number }> | undefined> = [];
KEYWORDS.forEach((text, i) => {
  const c = text.charCodeAt(0);
  (byFirstChar[c] ??= []).push({ text, id: i + 1 });
});

/** Keyword id of `src[start, end)`, or 0 for an ordinary name. */
export function keywordAt(src: string, start: number, end: number): number {
  const len = end - start;
  if (len < 2 || len > 8) return 0;
  const cands = byFirstChar[src.charCodeAt(start)];
  if (cands === undefined) return 0;
  for (const k of cands) if (k.text.length === len && src.startsWith(k.text, start)) return k.id;
  return 0;
}

const setOf = (...kws: Keyword[]): Uint8Array => {
  const s = new Uint8Array(KEYWORDS.length + 1);
  for (const k of kws) s[id(k)] = 1;
  return s;
};
/** Keywords that are values (an expression may end with them). */
export const ATOM_KW = setOf('False', 'None', 'True');
/** Keywords that may legally follow a complete expression on the same line. */
export const CONTINUE_KW = setOf('and', 'or', 'not', 'in', 'is', 'if', 'else', 'for', 'as', 'from', 'import', 'async');
/** Keywords that open a compound statement (header ends with `:`). */
export const HEADER_KW = setOf('if', 'elif', 'else', 'try', 'except', 'finally', 'with', 'for', 'while', 'def', 'class', 'async');
/** Keywords that can only ever begin a statement. */
export const STATEMENT_ONLY_KW = setOf('def', 'class', 'try', 'while', 'with', 'except', 'finally', 'elif');
/** Keywords that cannot begin the simple statement after a header's `:` on the same line. */
export const COMPOUND_KW = setOf('if', 'for', 'while', 'try', 'with', 'def', 'class', 'async', 'elif', 'else', 'except', 'finally');
/** A line starting with one of these inside unbalanced brackets is a new statement: the brackets were never closed. */
export const RECOVERY_KW = setOf(
  'def', 'class', 'return', 'import', 'from', 'try', 'except', 'finally', 'while', 'with', 'elif', 'pass', 'raise',
  'del', 'global', 'nonlocal', 'assert', 'break', 'continue',
);
