/**
 * A cheap lexical pass over JS/TS source, run before parsing: it knows strings, template literals,
 * comments, regex literals (by the usual previous-token rule) and bracket depth, and nothing else.
 *
 * Why: legacy files are mostly comments (commented-out older copies), and Babel builds an object
 * per comment even when asked not to attach them. Comments are whitespace to the grammar, so
 * parsing the text with every comment cut out (its line breaks kept, or one space for a comment
 * without any) gives the same AST on the same lines and the same syntax verdict, at a fraction of
 * the cost. The pass also marks where top-level statements may start, so a statement the parser
 * chokes on can be cut out and the rest parsed again.
 */

export interface Prepass {
  /**
   * The source without its complete comments: each line comment removed, each block comment
   * replaced by its line breaks (one space when it has none). Lines are unchanged; offsets shift.
   */
  stripped: string;
  /** Offsets in `stripped` (ascending, first is 0) where a top-level statement can start. */
  statementStarts: number[];
  /**
   * A `/` came right after `)` or `}`, where division and a regex literal both read well; the pass
   * guessed. If the parser then complains, the guess may be why: parse the original text instead.
   */
  guessedSlash: boolean;
  /** What would close the brackets still open at the end (innermost first): `)}` for `f({`. */
  unclosed: string;
}

const TEMPLATE_EXPRESSION = 0;

const enum Ch {
  Tab = 9, LineFeed = 10, CarriageReturn = 13, Space = 32, Quote = 34, Dollar = 36, Apostrophe = 39,
  OpenParen = 40, CloseParen = 41, Star = 42, Slash = 47, Semicolon = 59, OpenBracket = 91, Backslash = 92,
  CloseBracket = 93, Backtick = 96, OpenBrace = 123, CloseBrace = 125, Hash = 35, Bang = 33,
  LineSeparator = 0x2028, ParagraphSeparator = 0x2029,
}

/** Keywords after which `/` starts a regex literal rather than dividing. */
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);
const MAX_REGEX_AFTER_WORD = Math.max(...[...REGEX_AFTER_WORD].map((w) => w.length));

const isLineBreak = (c: number): boolean => c === Ch.LineFeed || c === Ch.CarriageReturn || c === Ch.LineSeparator || c === Ch.ParagraphSeparator;
const isWordChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === Ch.Dollar || c > 127;

/** What the last significant token lets a following `/` be. */
const enum After { Operator, Value, CloseParenOrBrace }

export function prepass(src: string): Prepass {
  const n = src.length;
  const parts: string[] = [];
  /** Start of the source not yet copied to `parts`; `removed`: characters dropped before it. */
  let copiedTo = 0;
  let removed = 0;
  const lineComment = new LineCommentEnds(src);
  const statementStarts = [0];
  /** The closers of the open brackets; TEMPLATE_EXPRESSION for the `${` of a template literal. */
  const stack: number[] = [];
  let after: After = After.Operator;
  /** Last significant character at depth 0 (0 when none yet): decides statement starts. */
  let lastTopLevel = 0;
  let lineStartPending = false;
  let guessedSlash = false;
  let i = 0;
  if (src.charCodeAt(0) === Ch.Hash && src.charCodeAt(1) === Ch.Bang) i = lineEnd(src, 0);

  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === Ch.Space || c === Ch.Tab) {
      i++;
      continue;
    }
    if (isLineBreak(c)) {
      i++;
      if (stack.length === 0) lineStartPending = true;
      continue;
    }
    if (c === Ch.Slash) {
      const next = src.charCodeAt(i + 1);
      if (next === Ch.Slash) {
        const end = lineComment.endFrom(i);
        parts.push(src.slice(copiedTo, i));
        removed += end - i;
        copiedTo = i = end;
        continue;
      }
      if (next === Ch.Star) {
        const close = src.indexOf('*/', i + 2);
        if (close === -1) break; // unterminated: left for the parser to report
        const replacement = lineBreaksOf(src, i, close + 2);
        parts.push(src.slice(copiedTo, i), replacement);
        removed += close + 2 - i - replacement.length;
        copiedTo = i = close + 2;
        continue;
      }
    }
    // A significant character: a top-level statement may start here when the line starts at
    // depth 0 with a word and the previous line did not end mid-expression.
    if (lineStartPending) {
      lineStartPending = false;
      if (isWordChar(c) || c === 64 /* @ */) {
        const p = lastTopLevel;
        if (p === Ch.Semicolon || p === Ch.CloseBrace || p === Ch.CloseParen || p === Ch.CloseBracket || p === Ch.Quote || p === Ch.Apostrophe || p === Ch.Backtick || isWordChar(p)) {
          statementStarts.push(i - removed);
        }
      }
    }
    const depth0 = stack.length === 0;
    if (c === Ch.Quote || c === Ch.Apostrophe) {
      i = stringEnd(src, i, c);
      after = After.Value;
    } else if (c === Ch.Backtick) {
      const open = stack.length;
      i = templateEnd(src, i + 1, stack);
      // after the closing backtick a value; after a `${` (pushed) an expression starts
      after = stack.length > open ? After.Operator : After.Value;
    } else if (c === Ch.Slash) {
      if (after === After.CloseParenOrBrace) guessedSlash = true;
      if (after === After.Operator) {
        i = regexEnd(src, i);
        after = After.Value;
      } else {
        i++;
        after = After.Operator;
      }
    } else if (isWordChar(c)) {
      const start = i;
      while (i < n && isWordChar(src.charCodeAt(i))) i++;
      // (only short words can be one of those keywords: most identifiers are never sliced)
      const length = i - start;
      after = length >= 2 && length <= MAX_REGEX_AFTER_WORD && REGEX_AFTER_WORD.has(src.slice(start, i)) ? After.Operator : After.Value;
      if (depth0) lastTopLevel = src.charCodeAt(i - 1);
      continue;
    } else if (c === Ch.OpenBrace || c === Ch.OpenParen || c === Ch.OpenBracket) {
      stack.push(c === Ch.OpenBrace ? Ch.CloseBrace : c === Ch.OpenParen ? Ch.CloseParen : Ch.CloseBracket);
      i++;
      after = After.Operator;
    } else if (c === Ch.CloseBrace && stack.length > 0 && stack[stack.length - 1] === TEMPLATE_EXPRESSION) {
      stack.pop();
      const open = stack.length;
      i = templateEnd(src, i + 1, stack);
      after = stack.length > open ? After.Operator : After.Value;
    } else if (c === Ch.CloseBrace || c === Ch.CloseParen || c === Ch.CloseBracket) {
      stack.pop();
      i++;
      // After `)` or `}` both a regex and division read well (`if (x) /re/`, `{}/2`): guess division.
      after = c === Ch.CloseBracket ? After.Value : After.CloseParenOrBrace;
    } else {
      i++;
      after = After.Operator;
    }
    if (stack.length === 0) lastTopLevel = src.charCodeAt(i - 1);
  }
  // A plain loop: `map` over an array that is usually empty made the optimized code deoptimize per file.
  let unclosed = '';
  for (let k = stack.length - 1; k >= 0; k--) unclosed += stack[k] === TEMPLATE_EXPRESSION ? '}`' : String.fromCharCode(stack[k]);
  if (copiedTo === 0) return { stripped: src, statementStarts, guessedSlash, unclosed };
  parts.push(src.slice(copiedTo));
  return { stripped: parts.join(''), statementStarts, guessedSlash, unclosed };
}

/**
 * Scans template text from `i` (just inside a backtick, or after the `}` closing a `${`) to just
 * past its closing backtick, or just past a `${` (then pushed on `stack`). A plain function, not a
 * closure over the scan's position: a captured, reassigned index would live on the heap.
 */
function templateEnd(src: string, i: number, stack: number[]): number {
  const n = src.length;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === Ch.Backslash) i += 2;
    else if (c === Ch.Backtick) return i + 1;
    else if (c === Ch.Dollar && src.charCodeAt(i + 1) === Ch.OpenBrace) {
      stack.push(TEMPLATE_EXPRESSION);
      return i + 2;
    } else i++;
  }
  return i;
}

function lineEnd(src: string, from: number): number {
  let i = from;
  while (i < src.length && !isLineBreak(src.charCodeAt(i))) i++;
  return i;
}

/** End (exclusive) of a quoted string; an unterminated one ends at the line break. */
function stringEnd(src: string, from: number, quote: number): number {
  let i = from + 1;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === quote) return i + 1;
    if (c === Ch.Backslash) i += src.charCodeAt(i + 1) === Ch.CarriageReturn && src.charCodeAt(i + 2) === Ch.LineFeed ? 3 : 2;
    else if (c === Ch.LineFeed || c === Ch.CarriageReturn) return i;
    else i++;
  }
  return i;
}

/** End (exclusive) of a regex literal starting at `/`, flags included; stops at a line break. */
function regexEnd(src: string, from: number): number {
  let i = from + 1;
  let inClass = false;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (isLineBreak(c)) return i;
    if (c === Ch.Backslash) i += 2;
    else {
      i++;
      if (c === Ch.OpenBracket) inClass = true;
      else if (c === Ch.CloseBracket) inClass = false;
      else if (c === Ch.Slash && !inClass) break;
    }
  }
  while (i < src.length && isWordChar(src.charCodeAt(i))) i++;
  return i;
}

/** A block comment's line breaks (they matter to semicolon insertion), or a space when it has none. */
function lineBreaksOf(src: string, start: number, end: number): string {
  let breaks = '';
  for (let i = start; i < end; i++) {
    const c = src.charCodeAt(i);
    if (isLineBreak(c)) breaks += src[i];
  }
  return breaks === '' ? ' ' : breaks;
}

/** Finds where line comments end with `indexOf` rather than a character loop: comments are most of the text. */
class LineCommentEnds {
  private nextLineFeed = -1;
  private nextCarriageReturn = -1;
  private readonly rareBreaks: boolean;
  constructor(private readonly src: string) {
    this.rareBreaks = /[\u2028\u2029]/.test(src);
  }
  endFrom(from: number): number {
    const src = this.src;
    if (this.rareBreaks) return lineEnd(src, from);
    if (this.nextLineFeed < from) this.nextLineFeed = indexOrEnd(src, '\n', from);
    if (this.nextCarriageReturn < from) this.nextCarriageReturn = indexOrEnd(src, '\r', from);
    return Math.min(this.nextLineFeed, this.nextCarriageReturn);
  }
}

function indexOrEnd(src: string, ch: string, from: number): number {
  const at = src.indexOf(ch, from);
  return at === -1 ? src.length : at;
}
