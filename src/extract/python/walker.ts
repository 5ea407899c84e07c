/**
 * Pattern matching over the Python token stream: statement-level assignments, calls with their
 * literal arguments, function-signature defaults, comparisons, class definitions, string literals.
 * Events go to the language-neutral Collector.
 */
import type { Collector } from '../collector';
import type { CallArg, DictEntry, Lit } from '../lit';
import * as K from './keywords';
import * as S from './strings';
import * as T from './tokenizer';
import type { PyTokens } from './tokenizer';

// Module-local copies: imported bindings compile to getter calls in CommonJS, too slow in the hot loop.
const { OP_EQEQ, OP_MULTI, T_NAME, T_NEWLINE, T_NUMBER, T_OP, T_STRING, tokenizePython } = T;
const { STR_FORMAT, STR_UNTERMINATED, STR_FLAG_MASK, STR_PREFIX_SHIFT, STR_QUOTE_SHIFT, decodePythonString } = S;
const KW_ASSERT = K.KW.assert;
const KW_CLASS = K.KW.class;
const KW_DEF = K.KW.def;
const KW_AWAIT = K.KW.await;
const KW_TRUE = K.KW.True;
const KW_FALSE = K.KW.False;
const KW_NONE = K.KW.None;

/** An open `(`: a call, a `def` signature, or a plain group. `[` and `{` use shared markers. */
interface ParenFrame {
  kind: typeof PAREN;
  /** Token index of the callee's last name; -1 for a call of a call result; -2 for a plain group. */
  calleeEnd: number;
  /** The collector only needs calls with a literal/keyword argument, or `pipeline` / `from_pretrained` ones. */
  worthReporting: boolean;
  isDef: boolean;
  args: PendingArg[];
  argStart: number;
  line: number;
  assignedTo?: string;
}
/** An argument whose `ref` (last key of a reference) is only computed if the call is reported. */
interface PendingArg {
  name?: string;
  value: Lit;
  valueStart: number;
  end: number;
}
/**
 * Calls whose positional literal arguments are never model data (logging, string helpers); they
 * are reported only when they have keyword arguments.
 */
const NOISE_CALLS = new Set([
  'print', 'info', 'debug', 'warning', 'warn', 'error', 'exception', 'critical', 'log', 'format', 'append', 'join',
  'write', 'split', 'replace', 'startswith', 'endswith', 'strip', 'isinstance', 'hasattr', 'getattr', 'setattr',
  'encode', 'decode', 'exists', 'Path', 'str', 'len', 'range', 'int', 'float', 'open', 'insert', 'extend', 'update', 'time',
]);
const PAREN = 0;
const LIST_FRAME = { kind: 1 } as const;
const DICT_FRAME = { kind: 2 } as const;
type Frame = ParenFrame | typeof LIST_FRAME | typeof DICT_FRAME;

/** Literal nesting beyond this is treated as "not a literal" (keeps garbage input from recursing deep). */
const MAX_LITERAL_DEPTH = 64;

const OPENER_CLOSER: Record<number, number> = { 40: 41, 91: 93, 123: 125 };

class PythonWalker {
  private readonly src: string;
  private readonly n: number;
  private readonly kind: Uint8Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly line: Int32Array;
  private readonly aux: Int32Array;
  private readonly frames: Frame[] = [];
  /** Index just past the last literal parsed by parseLit. */
  private litEnd = 0;
  private pendingAssign: { target: string; parenIdx: number } | null = null;
  /**
   * Token visits left for literal parsing. Nested literals are re-read once per enclosing level,
   * so adversarial nesting could go quadratic; past this budget values count as non-literal.
   */
  private literalBudget: number;

  constructor(t: PyTokens, private readonly out: Collector) {
    this.src = t.src;
    this.n = t.count;
    this.kind = t.kind;
    this.start = t.start;
    this.end = t.end;
    this.line = t.line;
    this.aux = t.aux;
    this.literalBudget = t.count * 16 + 100_000;
  }

  run(): void {
    const { kind, aux, n } = this;
    let stmtStart = true;
    let inAssert = false;
    let docstringEnd = -1;
    for (let i = 0; i < n; i++) {
      const k = kind[i];
      if (k === T_NEWLINE) {
        this.closeAllFrames(i);
        stmtStart = true;
        inAssert = false;
        continue;
      }
      if (stmtStart) {
        stmtStart = false;
        inAssert = k === T_NAME && aux[i] === KW_ASSERT;
        docstringEnd = this.docstringEnd(i);
        this.statementStart(i);
      }
      if (k === T_OP) {
        const op = aux[i];
        if (op === 40) this.openParen(i);
        else if (op === 91) this.frames.push(LIST_FRAME);
        else if (op === 123) this.frames.push(DICT_FRAME);
        else if (op === 41 || op === 93 || op === 125) this.closeFrame(i);
        else if (op === 44) {
          const top = this.frames[this.frames.length - 1];
          if (top !== undefined && top.kind === PAREN) {
            this.finishArg(top, i);
            top.argStart = i + 1;
          }
        } else if (op === 59 && this.frames.length === 0) stmtStart = true;
        else if (op === OP_EQEQ) this.comparison(i, inAssert);
      } else if (k === T_STRING) {
        if (i > docstringEnd) this.stringToken(i);
      } else if (k === T_NAME) {
        const kw = aux[i];
        if (kw === KW_CLASS) {
          if (i + 1 < n && this.isIdentifier(i + 1)) {
            this.out.classDef(this.text(i + 1), this.line[i + 1]);
            i++;
          }
        } else if (kw === 0) {
          const c = this.src.charCodeAt(this.start[i]);
          // architecture names are at least 7 chars (`T5Model`)
          if (c >= 65 && c <= 90 && this.end[i] - this.start[i] >= 7) this.out.identifier(this.text(i), this.line[i]);
        }
      }
    }
    this.closeAllFrames(n);
  }

  // ---- token helpers ----

  private text(i: number): string {
    return this.src.slice(this.start[i], this.end[i]);
  }
  private isNoiseCall(frame: ParenFrame): boolean {
    return frame.calleeEnd >= 0 && frame.assignedTo === undefined && NOISE_CALLS.has(this.text(frame.calleeEnd));
  }
  private nameIs(i: number, name: string): boolean {
    return this.end[i] - this.start[i] === name.length && this.src.startsWith(name, this.start[i]);
  }
  private isOp(i: number, op: number): boolean {
    return i < this.n && this.kind[i] === T_OP && this.aux[i] === op;
  }
  private isIdentifier(i: number): boolean {
    return i >= 0 && i < this.n && this.kind[i] === T_NAME && this.aux[i] === 0;
  }
  private stringValue(i: number): string {
    const flags = this.aux[i] & STR_FLAG_MASK;
    const prefixLen = (this.aux[i] >> STR_PREFIX_SHIFT) & 15;
    const quoteLen = this.aux[i] >> STR_QUOTE_SHIFT;
    const from = this.start[i] + prefixLen + quoteLen;
    const to = flags & STR_UNTERMINATED ? this.end[i] : this.end[i] - quoteLen;
    return decodePythonString(this.src, from, Math.max(from, to), flags);
  }
  /** `a.b.c` ending at token `last` → [first index, dotted text]. */
  private dottedBefore(last: number): [number, string] {
    let b = last;
    let name = this.text(last);
    while (this.isOp(b - 1, 46) && this.isIdentifier(b - 2)) {
      b -= 2;
      name = this.text(b) + '.' + name;
    }
    return [b, name];
  }

  // ---- statements ----

  /** A run of strings forming a whole statement is a docstring / comment: not test data. */
  private docstringEnd(i: number): number {
    let j = i;
    while (j < this.n && this.kind[j] === T_STRING) j++;
    return j > i && (j >= this.n || this.kind[j] === T_NEWLINE) ? j - 1 : -1;
  }

  /** `target = literal` → assign event; `target = f(...)` → remember the target for that call. */
  private statementStart(i: number): void {
    this.pendingAssign = null;
    if (!this.isIdentifier(i)) return;
    let j = i;
    while (this.isOp(j + 1, 46) && this.isIdentifier(j + 2)) j += 2;
    let eq = j + 1;
    if (this.isOp(eq, 58)) {
      // annotated assignment `NAME: type = value`
      while (eq < this.n && this.kind[eq] !== T_NEWLINE && !this.isOp(eq, 61)) eq++;
    }
    if (!this.isOp(eq, 61)) return;
    const target = this.dottedBefore(j)[1];
    let v = eq + 1;
    if (v < this.n && this.kind[v] === T_NAME && this.aux[v] === KW_AWAIT) v++;
    const lit = this.parseLit(v, 0);
    if (lit !== null && lit.t !== 'name') {
      const e = this.litEnd;
      if (e >= this.n || this.kind[e] === T_NEWLINE || this.isOp(e, 59)) this.out.assign(target, lit, this.line[i], 'assign');
      return;
    }
    let c = v;
    while (this.isIdentifier(c) && this.isOp(c + 1, 46)) c += 2;
    if (this.isIdentifier(c) && this.isOp(c + 1, 40)) this.pendingAssign = { target, parenIdx: c + 1 };
  }

  private openParen(p: number): void {
    const prev = p - 1;
    let frame: ParenFrame;
    if (this.isIdentifier(prev)) {
      let first = prev;
      while (this.isOp(first - 1, 46) && this.isIdentifier(first - 2)) first -= 2;
      const before = first - 1;
      const beforeKw = before >= 0 && this.kind[before] === T_NAME ? this.aux[before] : 0;
      const modelCall = this.nameIs(prev, 'pipeline') || this.nameIs(prev, 'from_pretrained');
      if (beforeKw === KW_CLASS) frame = { kind: PAREN, calleeEnd: -2, worthReporting: false, isDef: false, args: [], argStart: p + 1, line: this.line[p] };
      else frame = { kind: PAREN, calleeEnd: prev, worthReporting: modelCall, isDef: beforeKw === KW_DEF, args: [], argStart: p + 1, line: this.line[p] };
    } else {
      const callOfResult = this.isOp(prev, 41) || this.isOp(prev, 93);
      frame = { kind: PAREN, calleeEnd: callOfResult ? -1 : -2, worthReporting: false, isDef: false, args: [], argStart: p + 1, line: this.line[p] };
    }
    if (this.pendingAssign !== null && this.pendingAssign.parenIdx === p) frame.assignedTo = this.pendingAssign.target;
    this.frames.push(frame);
  }

  private closeFrame(i: number): void {
    const frame = this.frames.pop();
    if (frame !== undefined && frame.kind === PAREN) this.finishCall(frame, i, true);
  }

  /**
   * End of a logical line: calls left open (broken files) still report what they had. Only the
   * innermost one's last argument is complete; the outer ones' last arguments hold the open call.
   */
  private closeAllFrames(i: number): void {
    let innermost = true;
    while (this.frames.length > 0) {
      const frame = this.frames.pop();
      if (frame !== undefined && frame.kind === PAREN) this.finishCall(frame, i, innermost);
      innermost = false;
    }
  }

  private finishCall(frame: ParenFrame, end: number, lastArgComplete: boolean): void {
    if (lastArgComplete) this.finishArg(frame, end);
    if (frame.calleeEnd === -2 || frame.isDef || !frame.worthReporting) return;
    const callee = frame.calleeEnd === -1 ? '' : this.dottedBefore(frame.calleeEnd)[1];
    const args: CallArg[] = frame.args.map((a) => ({ name: a.name, value: a.value, ref: this.refKeyBefore(a.end, a.valueStart) }));
    this.out.call(callee, args, frame.line, frame.assignedTo);
  }

  /** One argument (or parameter) spanning tokens [frame.argStart, end). */
  private finishArg(frame: ParenFrame, end: number): void {
    const s = frame.argStart;
    if (s >= end || frame.calleeEnd === -2) return;
    if (frame.isDef) {
      if (!this.isIdentifier(s)) return;
      let eq = s + 1;
      let depth = 0;
      for (; eq < end; eq++) {
        if (this.kind[eq] !== T_OP) continue;
        const op = this.aux[eq];
        if (op === 40 || op === 91 || op === 123) depth++;
        else if (op === 41 || op === 93 || op === 125) depth--;
        else if (op === 61 && depth === 0) break;
      }
      if (eq >= end) return;
      const lit = this.exactLit(eq + 1, end);
      if (lit !== null) this.out.assign(this.text(s), lit, this.line[s], 'default');
      return;
    }
    let name: string | undefined;
    let valueStart = s;
    if (this.isIdentifier(s) && this.isOp(s + 1, 61)) {
      name = this.text(s);
      valueStart = s + 2;
    }
    const value = this.exactLit(valueStart, end) ?? { t: 'other' as const, line: this.line[valueStart] ?? frame.line };
    // a bare name as a positional argument tells the collector nothing
    if (!frame.worthReporting && (name !== undefined || (value.t !== 'other' && value.t !== 'name' && !this.isNoiseCall(frame)))) {
      frame.worthReporting = true;
    }
    frame.args.push({ name, value, valueStart, end });
  }

  /** `x[...]["label"]` / `x.label` / `label` ending just before `end` → `label`. */
  private refKeyBefore(end: number, min: number): string | null {
    const last = end - 1;
    if (last < min) return null;
    if (this.isIdentifier(last)) return this.text(last);
    if (this.isOp(last, 93) && last - 2 >= min && this.kind[last - 1] === T_STRING && this.isOp(last - 2, 91)) return this.stringValue(last - 1);
    return null;
  }

  private comparison(i: number, inAssert: boolean): void {
    const ref = this.refKeyBefore(i, 0);
    if (ref === null) return;
    const lit = this.parseLit(i + 1, 0);
    if (lit === null) return;
    const e = this.litEnd;
    const k = e < this.n ? this.kind[e] : T_NEWLINE;
    const ok = k === T_NEWLINE || (k === T_OP && [41, 44, 58, 59, 93].includes(this.aux[e])) || (k === T_NAME && this.aux[e] !== 0);
    if (ok) this.out.compare(ref, lit, this.line[i], inAssert);
  }

  private stringToken(i: number): void {
    // (the collector ignores strings shorter than 5 chars: skip decoding them)
    const long = this.end[i] - this.start[i] >= 7;
    const value = long ? this.stringValue(i) : '';
    if (long) this.out.string(value, this.line[i], (this.aux[i] & STR_FORMAT) !== 0);
    // `{"model_id": "…"}` — dict entries use the same vocabulary as assignments.
    if (this.frames[this.frames.length - 1] === DICT_FRAME && this.isOp(i + 1, 58) && (i === 0 || this.kind[i - 1] !== T_STRING)) {
      const key = long ? value : this.stringValue(i);
      const lit = this.parseLit(i + 2, 0);
      if (lit !== null && (this.isOp(this.litEnd, 44) || this.isOp(this.litEnd, 125))) this.out.assign(key, lit, this.line[i], 'property');
    }
  }

  // ---- literals ----

  private exactLit(s: number, end: number): Lit | null {
    const lit = this.parseLit(s, 0);
    return lit !== null && this.litEnd === end ? lit : null;
  }

  /** Parses a literal at token i; sets this.litEnd. Returns null when the tokens there are not one. */
  private parseLit(i: number, depth: number): Lit | null {
    if (i >= this.n || depth > MAX_LITERAL_DEPTH || --this.literalBudget < 0) return null;
    const k = this.kind[i];
    const line = this.line[i];
    if (k === T_STRING) {
      let v = this.stringValue(i);
      let templated = (this.aux[i] & STR_FORMAT) !== 0;
      let j = i + 1;
      for (; j < this.n && this.kind[j] === T_STRING; j++) {
        v += this.stringValue(j);
        templated ||= (this.aux[j] & STR_FORMAT) !== 0;
      }
      this.litEnd = j;
      return templated ? { t: 'str', v, line, templated } : { t: 'str', v, line };
    }
    if (k === T_NUMBER) return this.numberLit(i, 1);
    if (k === T_OP) {
      const op = this.aux[i];
      if ((op === 45 || op === 43) && i + 1 < this.n && this.kind[i + 1] === T_NUMBER) return this.numberLit(i + 1, op === 45 ? -1 : 1);
      if (op === 40 || op === 91 || op === 123) return this.container(i, depth);
      return null;
    }
    if (k === T_NAME) {
      const kw = this.aux[i];
      if (kw === KW_TRUE || kw === KW_FALSE || kw === KW_NONE) {
        this.litEnd = i + 1;
        return { t: 'const', line };
      }
      if (kw !== 0) return null;
      let j = i;
      while (this.isOp(j + 1, 46) && this.isIdentifier(j + 2)) j += 2;
      // `f(...)` / `x[...]` are not literals: don't build the dotted text for them
      if (this.isOp(j + 1, 40) || this.isOp(j + 1, 91)) return null;
      this.litEnd = j + 1;
      const v = this.dottedBefore(j)[1];
      return { t: 'name', v, line };
    }
    return null;
  }

  private numberLit(i: number, sign: number): Lit | null {
    const v = Number(this.text(i).replace(/_/g, ''));
    if (!Number.isFinite(v)) return null;
    this.litEnd = i + 1;
    return { t: 'num', v: sign * v, line: this.line[i] };
  }

  private container(open: number, depth: number): Lit | null {
    const opener = this.aux[open];
    const closer = OPENER_CLOSER[opener];
    const line = this.line[open];
    const items: Lit[] = [];
    const entries: DictEntry[] = [];
    let isDict = opener === 123 && this.isOp(open + 1, 125);
    let sawComma = false;
    let j = open + 1;
    for (;;) {
      // A literal cut off by the end of the file or of the statement (truncated / broken files)
      // still yields what it held; the tokenizer has reported the unclosed bracket.
      if (j >= this.n || this.kind[j] === T_NEWLINE) {
        this.litEnd = j;
        return isDict ? { t: 'dict', entries, line } : { t: 'list', items, line };
      }
      if (this.isOp(j, closer)) break;
      let valueStart = j;
      let key: string | null = null;
      let hasKey = false;
      if (opener === 123) {
        if (this.isOp(j, OP_MULTI)) {
          // `**spread` in a dict
          const e = this.skipExpr(j + 1, false);
          if (!this.isOp(e, 44) && !this.isOp(e, closer)) return null;
          isDict = true;
          j = this.isOp(e, 44) ? e + 1 : e;
          continue;
        }
        const k = this.parseLit(j, depth + 1);
        let kEnd = this.litEnd;
        if (k === null || !(this.isOp(kEnd, 58) || this.isOp(kEnd, 44) || this.isOp(kEnd, closer))) kEnd = this.skipExpr(j, true);
        if (this.isOp(kEnd, 58)) {
          isDict = hasKey = true;
          key = k !== null && k.t === 'str' ? k.v : null;
          valueStart = kEnd + 1;
        }
      }
      let value = this.parseLit(valueStart, depth + 1);
      let vEnd = this.litEnd;
      if (value === null || !(this.isOp(vEnd, 44) || this.isOp(vEnd, closer))) {
        value = { t: 'other', line: this.line[valueStart] ?? line };
        vEnd = this.skipExpr(valueStart, false);
      }
      if (hasKey) entries.push({ key, value, line: this.line[j] });
      else items.push(value);
      if (this.isOp(vEnd, 44)) {
        sawComma = true;
        j = vEnd + 1;
      } else if (this.isOp(vEnd, closer) || vEnd >= this.n || this.kind[vEnd] === T_NEWLINE) j = vEnd;
      else return null; // mismatched closer: not a well-formed literal
    }
    this.litEnd = j + 1;
    if (isDict) return { t: 'dict', entries, line };
    if (opener === 40 && items.length === 1 && !sawComma) return items[0];
    return { t: 'list', items, line };
  }

  /** Skips one expression; returns the index of the `,` / closer (/ `:`) that ends it, or of the NEWLINE. */
  private skipExpr(j: number, stopAtColon: boolean): number {
    let depth = 0;
    for (; j < this.n; j++) {
      if (--this.literalBudget < 0) return this.n;
      const k = this.kind[j];
      if (k === T_NEWLINE) return j;
      if (k !== T_OP) continue;
      const op = this.aux[j];
      if (op === 40 || op === 91 || op === 123) depth++;
      else if (op === 41 || op === 93 || op === 125) {
        if (depth === 0) return j;
        depth--;
      } else if (depth === 0 && (op === 44 || (stopAtColon && op === 58))) return j;
    }
    return j;
  }
}

/** Extracts from Python source; returns the syntax errors found while tokenizing. */
export function extractPython(src: string, out: Collector): string[] {
  const tokens = tokenizePython(src);
  new PythonWalker(tokens, out).run();
  return tokens.errors;
}
