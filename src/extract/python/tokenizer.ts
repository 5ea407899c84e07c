/**
 * Single-pass, error-tolerant Python tokenizer over char codes. It never throws; it records the
 * syntax problems CPython would reject (brackets, strings, indentation, statements run together,
 * compound statements in the wrong place) and recovers so extraction can continue.
 *
 * Tokens live in parallel typed arrays (no per-token objects) — this is the hot path.
 */
import * as K from './keywords';
import * as S from './strings';

// Module-local copies: imported bindings compile to getter calls in CommonJS, too slow in the hot loop.
const { ATOM_KW, COMPOUND_KW, CONTINUE_KW, HEADER_KW, RECOVERY_KW, STATEMENT_ONLY_KW, keywordAt, keywordText } = K;
const KW_ASYNC = K.KW.async;
const KW_DEF = K.KW.def;
const KW_WITH = K.KW.with;
const { STR_BYTES, STR_FORMAT, STR_RAW, STR_UNTERMINATED, STR_ESCAPES, STR_PREFIX_SHIFT, STR_QUOTE_SHIFT } = S;

export const T_NAME = 1;
export const T_NUMBER = 2;
export const T_STRING = 3;
export const T_OP = 4;
/** End of a logical line (also emitted when the tokenizer abandons unclosed brackets). */
export const T_NEWLINE = 5;

/** Op codes for multi-char operators; single-char operators use their char code. */
export const OP_EQEQ = 300;
export const OP_ELLIPSIS = 301;
export const OP_MULTI = 302;

const MAX_ERRORS = 100;

export interface PyTokens {
  src: string;
  count: number;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  line: Int32Array;
  /** NAME: keyword id (0 = identifier); OP: op code; STRING: flags | prefixLen << STR_PREFIX_SHIFT | quoteLen << STR_QUOTE_SHIFT. */
  aux: Int32Array;
  errors: string[];
}

const isNameStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
const isNameChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57) || c >= 128;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const BRACKET_NAME: Record<number, string> = { 40: '(', 41: ')', 91: '[', 93: ']', 123: '{', 125: '}' };
const closerFor = (opener: number): number => (opener === 40 ? 41 : opener + 2);
const charTable = (chars: string): Uint8Array => {
  const t = new Uint8Array(128);
  for (const ch of chars) t[ch.charCodeAt(0)] = 1;
  return t;
};
const SINGLE_OPS = charTable('+-*/%@&|^~<>=.,:;');
const AUGMENTABLE = charTable('+-*/%&|^@<>!:');

const INITIAL_CAPACITY = 8192;
/** Token arrays shared across calls (grown on demand), so tokenizing allocates almost nothing. */
const shared = {
  kind: new Uint8Array(INITIAL_CAPACITY),
  start: new Int32Array(INITIAL_CAPACITY),
  end: new Int32Array(INITIAL_CAPACITY),
  line: new Int32Array(INITIAL_CAPACITY),
  aux: new Int32Array(INITIAL_CAPACITY),
};

class Tokenizer {
  readonly src: string;
  readonly len: number;
  pos = 0;
  lineNo = 1;
  count = 0;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  line: Int32Array;
  aux: Int32Array;
  readonly errors: string[] = [];
  private suppressed = 0;

  // brackets
  private depth = 0;
  private readonly bracketChar: number[] = [];
  private readonly bracketLine: number[] = [];
  /** Indentation of the logical line that opened the outermost bracket. */
  private outerOpenIndent = 0;

  // indentation / logical lines
  private readonly indents: number[] = [0];
  private lineIndent = 0;
  private stmtTokens = 0;
  /** Tokens since the start of the current simple statement (reset by `;` and a header's `:`). */
  private simpleTokens = 0;
  private stmtFirstKw = 0;
  private stmtFirstIsSoftKw = false;
  private headerColonSeen = false;
  private afterHeaderColon = false;
  private lastWasColon = false;
  private prevEndedColon = false;
  private prevEndedColonLine = 0;
  private prevAtom = false;
  private prevKind = 0;
  private prevKw = 0;
  private lastAdjacencyErrorLine = 0;
  /** Lets comments be skipped with a native `indexOf('\n')`. */
  private readonly noCarriageReturns: boolean;
  /** The string being scanned contains a backslash (decoding can skip the escape pass otherwise). */
  private sawEscape = false;

  constructor(src: string) {
    this.src = src;
    this.len = src.length;
    this.noCarriageReturns = src.indexOf('\r') === -1;
    // Reuse the previous call's arrays: callers consume the tokens before tokenizing again.
    this.kind = shared.kind;
    this.start = shared.start;
    this.end = shared.end;
    this.line = shared.line;
    this.aux = shared.aux;
  }

  error(line: number, message: string): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push(`line ${line}: ${message}`);
    else this.suppressed++;
  }

  run(): PyTokens {
    const src = this.src;
    const len = this.len;
    let atLineStart = true;
    while (this.pos < len) {
      if (atLineStart) {
        atLineStart = false;
        this.lineStart();
        if (this.pos >= len) break;
      }
      const c = src.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 12) {
        this.pos++;
      } else if (c === 10 || c === 13) {
        this.pos += c === 13 && src.charCodeAt(this.pos + 1) === 10 ? 2 : 1;
        if (this.depth === 0) this.endLogicalLine();
        this.lineNo++;
        atLineStart = true;
      } else if (c === 35 /* # */) {
        if (this.noCarriageReturns) {
          const nl = src.indexOf('\n', this.pos + 1);
          this.pos = nl === -1 ? len : nl;
        } else {
          let p = this.pos + 1;
          while (p < len) {
            const d = src.charCodeAt(p);
            if (d === 10 || d === 13) break;
            p++;
          }
          this.pos = p;
        }
      } else if (isNameStart(c)) {
        this.nameOrPrefixedString();
      } else if (c === 34 || c === 39) {
        this.string(this.pos, 0, 0);
      } else if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(this.pos + 1)))) {
        this.number();
      } else if (c === 92 /* \ */) {
        const n = src.charCodeAt(this.pos + 1);
        if (n === 10 || n === 13) {
          this.pos += n === 13 && src.charCodeAt(this.pos + 2) === 10 ? 3 : 2;
          this.lineNo++;
        } else {
          this.error(this.lineNo, 'unexpected character after line continuation character');
          this.pos++;
        }
      } else {
        this.operator(c);
      }
    }
    this.finish();
    if (this.suppressed > 0) this.errors.push(`… ${this.suppressed} more errors`);
    return {
      src, count: this.count, kind: this.kind, start: this.start, end: this.end, line: this.line, aux: this.aux, errors: this.errors,
    };
  }

  /** At the first char of a physical line: indentation, and recovery from brackets left open. */
  private lineStart(): void {
    const src = this.src;
    let col = 0;
    let p = this.pos;
    for (;;) {
      const c = src.charCodeAt(p);
      if (c === 32) col++;
      else if (c === 9) col += 8 - (col % 8);
      else if (c === 12) col = 0;
      else break;
      p++;
    }
    this.pos = p;
    if (p >= this.len) return;
    const c = src.charCodeAt(p);
    if (c === 10 || c === 13 || c === 35) return; // blank or comment-only line
    if (this.depth > 0) {
      if (!this.startsNewStatementInsideBrackets(p, c, col)) return;
      for (let i = 0; i < this.depth; i++) this.error(this.bracketLine[i], `'${BRACKET_NAME[this.bracketChar[i]]}' was never closed`);
      this.depth = 0;
      this.endLogicalLine();
    }
    if (this.stmtTokens > 0) return; // backslash continuation of a logical line
    this.indentation(col);
  }

  private startsNewStatementInsideBrackets(p: number, c: number, col: number): boolean {
    if (c === 41 || c === 93 || c === 125) return false;
    if (c === 64 /* @ */) return col <= this.outerOpenIndent;
    if (col < this.outerOpenIndent) return true;
    if (!isNameStart(c)) return false;
    let e = p + 1;
    while (e < this.len && isNameChar(this.src.charCodeAt(e))) e++;
    const kw = keywordAt(this.src, p, e);
    return kw !== 0 && RECOVERY_KW[kw] === 1;
  }

  private indentation(col: number): void {
    this.lineIndent = col;
    const top = this.indents[this.indents.length - 1];
    if (col > top) {
      if (!this.prevEndedColon) this.error(this.lineNo, 'unexpected indent');
      this.indents.push(col);
    } else {
      if (this.prevEndedColon) this.error(this.lineNo, `expected an indented block after line ${this.prevEndedColonLine}`);
      if (col < top) {
        while (this.indents.length > 1 && this.indents[this.indents.length - 1] > col) this.indents.pop();
        if (this.indents[this.indents.length - 1] !== col) {
          this.error(this.lineNo, 'unindent does not match any outer indentation level');
          this.indents.push(col);
        }
      }
    }
    this.prevEndedColon = false;
  }

  private endLogicalLine(): void {
    if (this.stmtTokens === 0) return;
    this.push(T_NEWLINE, this.pos, this.pos, 0, this.lineNo);
    this.prevEndedColon = this.lastWasColon;
    this.prevEndedColonLine = this.lineNo;
    this.stmtTokens = 0;
    this.simpleTokens = 0;
    this.stmtFirstKw = 0;
    this.stmtFirstIsSoftKw = false;
    this.headerColonSeen = false;
    this.afterHeaderColon = false;
    this.lastWasColon = false;
    this.prevAtom = false;
    this.prevKind = 0;
    this.prevKw = 0;
  }

  private finish(): void {
    for (let i = 0; i < this.depth; i++) this.error(this.bracketLine[i], `'${BRACKET_NAME[this.bracketChar[i]]}' was never closed`);
    this.depth = 0;
    this.endLogicalLine();
    if (this.prevEndedColon) this.error(this.prevEndedColonLine, 'expected an indented block at end of file');
  }

  private push(kind: number, start: number, end: number, aux: number, line: number): void {
    if (this.count === this.kind.length) this.grow();
    const i = this.count++;
    this.kind[i] = kind;
    this.start[i] = start;
    this.end[i] = end;
    this.line[i] = line;
    this.aux[i] = aux;
  }

  private grow(): void {
    const cap = this.kind.length * 2;
    const k = new Uint8Array(cap); k.set(this.kind); this.kind = shared.kind = k;
    const s = new Int32Array(cap); s.set(this.start); this.start = shared.start = s;
    const e = new Int32Array(cap); e.set(this.end); this.end = shared.end = e;
    const l = new Int32Array(cap); l.set(this.line); this.line = shared.line = l;
    const a = new Int32Array(cap); a.set(this.aux); this.aux = shared.aux = a;
  }

  /** Emits a significant token and applies the statement-structure checks. */
  private token(kind: number, start: number, end: number, aux: number, line: number, kw: number, atomStart: boolean, atomEnd: boolean): void {
    const first = this.stmtTokens === 0;
    if (first) {
      this.stmtFirstKw = kw;
      this.stmtFirstIsSoftKw = kind === T_NAME && kw === 0 && isSoftKeyword(this.src, start, end);
    }
    if (kw !== 0 && STATEMENT_ONLY_KW[kw] === 1 && !first) {
      const afterAsync = this.prevKw === KW_ASYNC && this.simpleTokens === 1 && (kw === KW_DEF || kw === KW_WITH);
      if (!afterAsync) {
        this.error(line, this.afterHeaderColon
          ? `compound statement '${keywordText(kw)}' cannot follow ':' on the same line`
          : `'${keywordText(kw)}' is not at the start of a statement`);
        atomStart = false;
      }
    } else if (kw !== 0 && this.afterHeaderColon && COMPOUND_KW[kw] === 1) {
      this.error(line, `compound statement '${keywordText(kw)}' cannot follow ':' on the same line`);
      atomStart = false;
    }
    if (atomStart && this.prevAtom && line !== this.lastAdjacencyErrorLine) {
      const softKwStatement = this.stmtFirstIsSoftKw && this.stmtTokens === 1;
      const stringConcat = kind === T_STRING && this.prevKind === T_STRING;
      if (!softKwStatement && !stringConcat) {
        this.lastAdjacencyErrorLine = line;
        this.error(line, `invalid syntax: '${this.src.slice(start, Math.min(end, start + 30))}' directly follows an expression (statements run together?)`);
      }
    }
    this.afterHeaderColon = false;
    this.push(kind, start, end, aux, line);
    this.stmtTokens++;
    this.simpleTokens++;
    this.prevAtom = atomEnd;
    this.prevKind = kind;
    this.prevKw = kw;
    this.lastWasColon = false;
  }

  private nameOrPrefixedString(): void {
    const src = this.src;
    const start = this.pos;
    const len = this.len;
    let p = start + 1;
    while (p < len && isNameChar(src.charCodeAt(p))) p++;
    const q = src.charCodeAt(p);
    if ((q === 34 || q === 39) && p - start <= 2) {
      const flags = stringPrefixFlags(src, start, p);
      if (flags >= 0) {
        this.string(p, flags, p - start);
        return;
      }
    }
    this.pos = p;
    const kw = keywordAt(src, start, p);
    const isAtom = kw === 0 || ATOM_KW[kw] === 1;
    const startsAtom = isAtom || CONTINUE_KW[kw] === 0;
    this.token(T_NAME, start, p, kw, this.lineNo, kw, startsAtom, isAtom);
  }

  private number(): void {
    const src = this.src;
    const start = this.pos;
    let p = start + 1;
    const hex = src.charCodeAt(start) === 48 && (src.charCodeAt(p) | 32) === 120;
    while (p < this.len) {
      const c = src.charCodeAt(p);
      if (isNameChar(c) || c === 46) p++;
      else if ((c === 43 || c === 45) && !hex && (src.charCodeAt(p - 1) | 32) === 101) p++;
      else break;
    }
    this.pos = p;
    this.token(T_NUMBER, start, p, 0, this.lineNo, 0, true, true);
  }

  /** `quotePos` is at the opening quote; the token starts `prefixLen` chars earlier. */
  private string(quotePos: number, flags: number, prefixLen: number): void {
    const startLine = this.lineNo;
    const q = this.src.charCodeAt(quotePos);
    const triple = this.src.charCodeAt(quotePos + 1) === q && this.src.charCodeAt(quotePos + 2) === q;
    const quoteLen = triple ? 3 : 1;
    this.sawEscape = false;
    const end = this.scanStringBody(quotePos + quoteLen, q, triple, (flags & STR_FORMAT) !== 0);
    if (end < 0) {
      flags |= STR_UNTERMINATED;
      this.error(startLine, triple
        ? `unterminated triple-quoted string literal (detected at line ${this.lineNo})`
        : `unterminated string literal (detected at line ${this.lineNo})`);
    }
    const tokenEnd = end < 0 ? this.pos : end;
    this.pos = tokenEnd;
    if (this.sawEscape) flags |= STR_ESCAPES;
    this.token(T_STRING, quotePos - prefixLen, tokenEnd, flags | (prefixLen << STR_PREFIX_SHIFT) | (quoteLen << STR_QUOTE_SHIFT), startLine, 0, true, true);
  }

  /**
   * Scans a string body from `p`; returns the index after the closing quote, or -1 when the string
   * is unterminated (this.pos is then left where scanning stopped). Counts newlines it crosses.
   */
  private scanStringBody(p: number, q: number, triple: boolean, format: boolean): number {
    const src = this.src;
    const len = this.len;
    while (p < len) {
      const c = src.charCodeAt(p);
      if (c === q) {
        if (!triple) return p + 1;
        if (src.charCodeAt(p + 1) === q && src.charCodeAt(p + 2) === q) return p + 3;
        p++;
      } else if (c === 92) {
        this.sawEscape = true;
        const n = src.charCodeAt(p + 1);
        if (n === 10 || n === 13) {
          this.lineNo++;
          p += n === 13 && src.charCodeAt(p + 2) === 10 ? 3 : 2;
        } else p += 2;
      } else if (c === 10 || c === 13) {
        if (!triple) {
          this.pos = p;
          return -1;
        }
        this.lineNo++;
        p += c === 13 && src.charCodeAt(p + 1) === 10 ? 2 : 1;
      } else if (format && c === 123 /* { */) {
        if (src.charCodeAt(p + 1) === 123) p += 2;
        else {
          p = this.scanReplacementField(p + 1, triple);
          if (p < 0) return -1;
        }
      } else p++;
    }
    this.pos = len;
    return -1;
  }

  /** Inside an f-string `{…}`: nested brackets and strings (PEP 701). Returns index after `}` or -1. */
  private scanReplacementField(p: number, triple: boolean): number {
    const src = this.src;
    let depth = 0;
    while (p < this.len) {
      const c = src.charCodeAt(p);
      if (c === 123 || c === 40 || c === 91) depth++;
      else if (c === 125 || c === 41 || c === 93) {
        if (depth === 0) return c === 125 ? p + 1 : p; // a stray closer ends the field; the body scan continues
        depth--;
      } else if (c === 34 || c === 39) {
        const nestedTriple = src.charCodeAt(p + 1) === c && src.charCodeAt(p + 2) === c;
        const prev = src.charCodeAt(p - 1) | 32;
        const end = this.scanStringBody(p + (nestedTriple ? 3 : 1), c, nestedTriple, prev === 102 /* f */);
        if (end < 0) return -1;
        p = end;
        continue;
      } else if ((c === 10 || c === 13) && !triple) {
        this.pos = p;
        return -1;
      } else if (c === 10 || c === 13) {
        this.lineNo++;
        if (c === 13 && src.charCodeAt(p + 1) === 10) p++;
      }
      p++;
    }
    this.pos = this.len;
    return -1;
  }

  private operator(c: number): void {
    const src = this.src;
    const start = this.pos;
    const line = this.lineNo;
    if (c === 40 || c === 91 || c === 123) {
      if (this.depth === 0) this.outerOpenIndent = this.lineIndent;
      this.bracketChar[this.depth] = c;
      this.bracketLine[this.depth] = line;
      this.depth++;
      this.pos++;
      this.token(T_OP, start, start + 1, c, line, 0, false, false);
      return;
    }
    if (c === 41 || c === 93 || c === 125) {
      this.pos++;
      this.closeBracket(c, line);
      this.token(T_OP, start, start + 1, c, line, 0, false, true);
      return;
    }
    const n = src.charCodeAt(start + 1);
    let op = c;
    let len = 1;
    if (c === 46 && n === 46 && src.charCodeAt(start + 2) === 46) { op = OP_ELLIPSIS; len = 3; }
    else if (c === 61 && n === 61) { op = OP_EQEQ; len = 2; }
    else if ((c === 42 || c === 47 || c === 60 || c === 62) && n === c) { op = OP_MULTI; len = src.charCodeAt(start + 2) === 61 ? 3 : 2; }
    else if (n === 61 && c < 128 && AUGMENTABLE[c] === 1) { op = OP_MULTI; len = 2; }
    else if (c === 45 && n === 62) { op = OP_MULTI; len = 2; }
    else if (c === 0) {
      this.error(line, 'source code cannot contain null bytes');
      this.pos++;
      return;
    } else if (c >= 128 || SINGLE_OPS[c] === 0) {
      this.error(line, `invalid character '${src[start]}' (U+${c.toString(16).toUpperCase().padStart(4, '0')})`);
      this.pos++;
      return;
    }
    this.pos += len;
    const isColon = op === 58;
    const headerColon = isColon && this.depth === 0 && !this.headerColonSeen && HEADER_KW[this.stmtFirstKw] === 1 && this.simpleTokens > 0;
    this.token(T_OP, start, start + len, op, line, 0, false, op === OP_ELLIPSIS);
    if (this.depth === 0) {
      this.lastWasColon = isColon;
      if (headerColon) {
        this.headerColonSeen = true;
        this.afterHeaderColon = true;
        this.simpleTokens = 0;
      } else if (op === 59 /* ; */) this.simpleTokens = 0;
    }
  }

  private closeBracket(c: number, line: number): void {
    if (this.depth === 0) {
      this.error(line, `unmatched '${BRACKET_NAME[c]}'`);
      return;
    }
    const top = this.bracketChar[this.depth - 1];
    if (closerFor(top) === c) {
      this.depth--;
      return;
    }
    this.error(line, `closing parenthesis '${BRACKET_NAME[c]}' does not match opening parenthesis '${BRACKET_NAME[top]}' on line ${this.bracketLine[this.depth - 1]}`);
    for (let i = this.depth - 2; i >= 0; i--) {
      if (closerFor(this.bracketChar[i]) === c) {
        this.depth = i; // the brackets opened after the match were never closed
        return;
      }
    }
  }
}

/** Flags for a string prefix (`r`, `b`, `f`, `rb`, `fr`, `u`, `t`…), or -1 if it is not one. */
function stringPrefixFlags(src: string, start: number, end: number): number {
  let flags = 0;
  for (let p = start; p < end; p++) {
    switch (src.charCodeAt(p) | 32) {
      case 114: if (flags & STR_RAW) return -1; flags |= STR_RAW; break; // r
      case 98: if (flags & (STR_BYTES | STR_FORMAT)) return -1; flags |= STR_BYTES; break; // b
      case 102: case 116: if (flags & (STR_BYTES | STR_FORMAT)) return -1; flags |= STR_FORMAT; break; // f, t
      case 117: if (end - start !== 1) return -1; break; // u
      default: return -1;
    }
  }
  return flags;
}

/** `match` / `case` / `type` may be followed by an expression at the start of a statement. */
function isSoftKeyword(src: string, start: number, end: number): boolean {
  const len = end - start;
  return (len === 5 && src.startsWith('match', start)) || (len === 4 && (src.startsWith('case', start) || src.startsWith('type', start)));
}

/** Tokens are valid until the next call (the arrays are reused). */
export function tokenizePython(src: string): PyTokens {
  return new Tokenizer(src).run();
}
