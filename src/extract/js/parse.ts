/**
 * Parses JS/TS with Babel (error recovery on). Babel still throws on some syntax errors; then the
 * TypeScript parser, which never throws, is used — loaded lazily because loading it is slow.
 */
import { parse as babelParse, type ParserPlugin } from '@babel/parser';
import type * as TS from 'typescript';
import { loadTypeScript } from '../../util/typescript';
import { fromTypeScript } from './from-typescript';
import type { Node } from './node';

export interface ParsedJs {
  program: Node;
  errors: string[];
  parser: 'babel' | 'typescript';
}

const CONFLICT_MARKER = /^(?:<{7}|={7}|>{7}|\|{7})(?:[ \t].*)?$/m;
const CONFLICT_MARKER_LINES = new RegExp(CONFLICT_MARKER.source, 'gm');

/**
 * Thrown instead of falling back when this thread may not load TypeScript: analysis workers hand
 * such files to the main thread, which loads the compiler anyway to emit suites.
 */
export class TypeScriptFallbackDeferred extends Error {}

let fallbackAllowed = true;
export function allowTypeScriptFallback(allowed: boolean): void {
  fallbackAllowed = allowed;
}

export function parseJs(src: string, fileName: string, typescript: boolean): ParsedJs {
  // Syntax errors are data here, not exceptions to debug: capturing their stacks (and mapping them
  // through source maps) costs more than parsing a small file.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseWithFallbacks(src, fileName, typescript);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function parseWithFallbacks(src: string, fileName: string, typescript: boolean): ParsedJs {
  try {
    return parseWithBabel(src, typescript);
  } catch (err) {
    const errors = [babelErrorMessage(err)];
    // Unresolved merge conflicts: blank the marker lines so both sides are read.
    if (CONFLICT_MARKER.test(src)) {
      const unmarked = src.replace(CONFLICT_MARKER_LINES, (line) => ' '.repeat(line.length));
      try {
        const parsed = parseWithBabel(unmarked, typescript);
        return { ...parsed, errors: [...errors, ...parsed.errors] };
      } catch {
        // fall through to the TypeScript parser
      }
    }
    if (!fallbackAllowed) throw new TypeScriptFallbackDeferred(`${fileName} needs the TypeScript parser`);
    const ts = loadTypeScript();
    const sf = ts.createSourceFile(fileName, src, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS); // TS mode for JS too: JS mode would read `<` as JSX
    const diagnostics = (sf as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    for (const d of diagnostics.slice(0, 50)) {
      const line = sf.getLineAndCharacterOfPosition(d.start).line + 1;
      errors.push(`line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    }
    return { program: fromTypeScript(ts, sf), errors, parser: 'typescript' };
  }
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
  return { program: ast.program as unknown as Node, errors, parser: 'babel' };
}

function babelErrorMessage(err: unknown): string {
  const e = err as { message?: string; loc?: { line?: number } };
  const message = String(e?.message ?? err).replace(/\s*\(\d+:\d+\)\s*$/, '');
  return e?.loc?.line ? `line ${e.loc.line}: ${message}` : message;
}
