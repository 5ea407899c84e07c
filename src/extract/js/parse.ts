/**
 * Parses JS/TS with Babel (error recovery on). Babel still throws on some syntax errors; then the
 * TypeScript parser, which never throws, is used — loaded lazily because loading it is slow.
 */
import { parse as babelParse, type ParserPlugin } from '@babel/parser';
import type * as TS from 'typescript';
import { loadTypeScript } from '../../util/typescript';
import { fromTypeScript } from './from-typescript';
import type { Node } from './node';
import { prepass } from './prepass';
import { TypeScriptFallbackDeferred, typeScriptFallbackAllowed, type TypeScriptFallbackResume } from './fallback';
import { isArchitectureName, isTestClassName } from '../rules';
import { lastIndexAtOrBefore } from '../../util/sorted';

export interface ParsedJs {
  program: Node;
  /** The text the node offsets refer to: the source without its comments (same lines). */
  text: string;
  errors: string[];
  parser: 'babel' | 'typescript';
}

const CONFLICT_MARKER = /^(?:<{7}|={7}|>{7}|\|{7})(?:[ \t].*)?$/m;
const CONFLICT_MARKER_LINES = new RegExp(CONFLICT_MARKER.source, 'gm');

export { allowTypeScriptFallback, TypeScriptFallbackDeferred, type TypeScriptFallbackResume } from './fallback';

/**
 * `resume`: another thread already found that Babel and the repairs give up on this source (see
 * TypeScriptFallbackDeferred): go straight to the TypeScript parser, with the same result.
 */
export function parseJs(src: string, fileName: string, typescript: boolean, resume?: TypeScriptFallbackResume): ParsedJs {
  // Syntax errors are data here, not exceptions to debug: capturing their stacks (and mapping them
  // through source maps) costs more than parsing a small file.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    if (resume !== undefined) return parseWithTypeScript(resume.original ? src : prepass(src).stripped, fileName, [resume.babelError]);
    return parseWithFallbacks(src, fileName, typescript);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function parseWithFallbacks(src: string, fileName: string, typescript: boolean): ParsedJs {
  const pre = prepass(src);
  if (pre.stripped === src || !pre.guessedSlash) return parseText(pre.stripped, pre.statementStarts, fileName, typescript, pre.stripped === src);
  // The pass guessed at a `/`: what it took for comments is trusted only if the parser agrees.
  try {
    const parsed = parseWithBabel(pre.stripped, typescript);
    if (parsed.errors.length === 0) return parsed;
  } catch {
    // decided on the original text below
  }
  return parseText(src, [0], fileName, typescript, true);
}

/** Babel; when it gives up, without the statement it gave up on; else the TypeScript parser. */
function parseText(text: string, statementStarts: number[], fileName: string, typescript: boolean, original: boolean): ParsedJs {
  let failure: unknown;
  try {
    return parseWithBabel(text, typescript);
  } catch (err) {
    failure = err;
  }
  const errors = [babelErrorMessage(failure)];
  // Unresolved merge conflicts: blank the marker lines so both sides are read.
  if (CONFLICT_MARKER.test(text)) {
    const unmarked = text.replace(CONFLICT_MARKER_LINES, (line) => ' '.repeat(line.length));
    try {
      const parsed = parseWithBabel(unmarked, typescript);
      return { ...parsed, errors: [...errors, ...parsed.errors] };
    } catch {
      // fall through to the TypeScript parser
    }
  }
  const withoutBroken = parseRepaired(text, statementStarts, failure, typescript);
  if (withoutBroken !== null) return { ...withoutBroken, errors: [...errors, ...withoutBroken.errors] };
  if (!typeScriptFallbackAllowed()) throw new TypeScriptFallbackDeferred(`${fileName} needs the TypeScript parser`, { original, babelError: errors[0] });
  return parseWithTypeScript(text, fileName, errors);
}

/** The TypeScript parser, which never gives up; its diagnostics follow `errors` (Babel's). */
function parseWithTypeScript(text: string, fileName: string, errors: string[]): ParsedJs {
  const ts = loadTypeScript();
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS); // TS mode for JS too: JS mode would read `<` as JSX
  const diagnostics = (sf as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  for (const d of diagnostics.slice(0, 50)) {
    const line = sf.getLineAndCharacterOfPosition(d.start).line + 1;
    errors.push(`line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  }
  return { program: fromTypeScript(ts, sf), text, errors, parser: 'typescript' };
}

const MAX_REPAIRS = 4;

/**
 * Repairs the text where Babel gave up and parses again, a few times over: the usual legacy
 * breakage is a stray closing bracket, brackets left open at the end, or a line of stray text.
 * A stray bracket is blanked, open brackets are closed at the end, and a statement or line is
 * blanked only when it holds nothing the walker reads. Null when no repair applies or Babel still
 * gives up: then the TypeScript parser, whose recovery is thorough but slow to load and to run.
 * Lines stay where they were, so every line number reported stays true.
 */
function parseRepaired(text: string, statementStarts: number[], failure: unknown, typescript: boolean): ParsedJs | null {
  const errors: string[] = [];
  let current = text;
  let pos = errorOffset(failure);
  for (let round = 0; round < MAX_REPAIRS && pos !== null; round++) {
    const repaired = repairAt(current, statementStarts, pos);
    if (repaired === null) return null;
    current = repaired;
    try {
      const parsed = parseWithBabel(current, typescript);
      return { ...parsed, errors: [...errors, ...parsed.errors] };
    } catch (err) {
      errors.push(babelErrorMessage(err));
      pos = errorOffset(err);
    }
  }
  return null;
}

function repairAt(text: string, statementStarts: number[], pos: number): string | null {
  const c = text[pos];
  if (c === ')' || c === ']' || c === '}') return text.slice(0, pos) + ' ' + text.slice(pos + 1);
  if (text.slice(pos).trim() === '') {
    const { unclosed } = prepass(text);
    return unclosed === '' ? null : text + '\n' + unclosed;
  }
  // A statement can only be cut where the statement starts were found: before any repair shifted text.
  const [start, end] = statementAround(statementStarts, pos, text.length);
  if (end <= text.length && !mayHoldFacts(text, start, end)) return blankRange(text, start, end);
  const lineStart = Math.max(text.lastIndexOf('\n', pos - 1) + 1, 0);
  const newline = text.indexOf('\n', pos);
  const lineEnd = newline === -1 ? text.length : newline;
  if (!mayHoldFacts(text, lineStart, lineEnd)) return blankRange(text, lineStart, lineEnd);
  return null;
}

function blankRange(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\n\r\u2028\u2029]/g, ' ') + text.slice(end);
}

function errorOffset(err: unknown): number | null {
  const pos = (err as { pos?: unknown })?.pos;
  return typeof pos === 'number' ? pos : null;
}

/** The [start, end) of the top-level statement holding `pos` (by the pre-pass's statement starts). */
function statementAround(starts: number[], pos: number, length: number): [number, number] {
  const lo = lastIndexAtOrBefore(starts, pos);
  return [starts[lo], lo + 1 < starts.length ? starts[lo + 1] : length];
}

const WORD = /[A-Za-z_$][\w$]*/g;

/**
 * Could the walker find anything in this stretch of code? Any literal, class, model call or
 * architecture / test-class name says yes; plain code over lowercase names says no.
 */
function mayHoldFacts(text: string, start: number, end: number): boolean {
  const region = text.slice(start, end);
  // A number matters only as a value (`=`, `(`, `,`, `:`, `[`, `-` before it), not in stray prose (`the 7B model`).
  if (/['"`]|[=(,:[-]\s*\.?\d/.test(region)) return true;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(region); m !== null; m = WORD.exec(region)) {
    const word = m[0];
    if (word === 'class' || word === 'pipeline' || word === 'from_pretrained') return true;
    const c = word.charCodeAt(0);
    if (c >= 65 && c <= 90 && (isArchitectureName(word) || isTestClassName(word))) return true;
  }
  return false;
}

/** Throws on syntax errors Babel cannot recover from. */
function parseWithBabel(src: string, typescript: boolean): ParsedJs {
  const plugins: ParserPlugin[] = typescript ? ['typescript'] : [];
  const ast = babelParse(src, {
    sourceType: 'unambiguous',
    errorRecovery: true,
    attachComment: false, // comments are not read; attaching them costs time
    allowReturnOutsideFunction: true,
    allowAwaitOutsideFunction: true,
    allowImportExportEverywhere: true,
    allowUndeclaredExports: true,
    allowNewTargetOutsideFunction: true,
    allowSuperOutsideMethod: true,
    plugins,
  });
  const errors = (ast.errors ?? []).map(babelErrorMessage);
  return { program: ast.program as unknown as Node, text: src, errors, parser: 'babel' };
}

function babelErrorMessage(err: unknown): string {
  const e = err as { message?: string; loc?: { line?: number } };
  const message = String(e?.message ?? err).replace(/\s*\(\d+:\d+\)\s*$/, '');
  return e?.loc?.line ? `line ${e.loc.line}: ${message}` : message;
}
