import type { Project, SourceFile } from 'ts-morph';
import type { ModelSpec } from '../runtime/spec';
import { contentHashOf, renderHeader, renderParts, type ParsedHeader } from './render';

/**
 * Regeneration as a codemod: a generated suite that is no longer exactly as generated (a user added
 * imports, tests, hooks, a timeout, comments, or edited the spec) is parsed with ts-morph, and only
 * its header and its `spec` initializer are rewritten; every other byte is kept.
 */

export type Located =
  | { ok: true; specStart: number; specEnd: number; specText: string }
  /** `problem` says what is missing or wrong, for a message naming the file. */
  | { ok: false; problem: string };

let project: Project | undefined;
let parses = 0;

/** How many suites were parsed so far in this process (tests check untouched suites never are). */
export function codemodParses(): number {
  return parses;
}

function parse(text: string): SourceFile {
  parses++;
  if (!project) {
    const { Project: ProjectClass } = require('ts-morph') as typeof import('ts-morph');
    project = new ProjectClass({ useInMemoryFileSystem: true, skipLoadingLibFiles: true, compilerOptions: { allowJs: false } });
  }
  return project.createSourceFile('/suite.test.ts', text, { overwrite: true });
}

function release(source: SourceFile): void {
  project?.removeSourceFile(source);
}

/** Finds the one top-level `spec` declaration and checks the suite still hands it to `describeModel`. */
function locate(source: SourceFile): Located {
  const { ts, SyntaxKind } = require('ts-morph') as typeof import('ts-morph');
  const diagnostics = ((source.compilerNode as unknown as { parseDiagnostics?: import('typescript').DiagnosticWithLocation[] }).parseDiagnostics ?? []);
  if (diagnostics.length > 0) {
    const first = diagnostics[0];
    const { line, column } = source.getLineAndColumnAtPos(first.start);
    return { ok: false, problem: `it does not parse (line ${line}:${column}: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')})` };
  }
  const declarations = source.getVariableDeclarations().filter((d) => d.getName() === 'spec');
  if (declarations.length === 0) return { ok: false, problem: 'it has no top-level `const spec: ModelSpec = …` declaration' };
  if (declarations.length > 1) {
    const lines = declarations.map((d) => d.getStartLineNumber()).join(', ');
    return { ok: false, problem: `it has ${declarations.length} top-level \`spec\` declarations (lines ${lines}); keep exactly one` };
  }
  const initializer = declarations[0].getInitializer();
  if (!initializer) return { ok: false, problem: 'its `spec` declaration has no initializer' };
  const handsSpec = source
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .some((call) => call.getExpression().getText() === 'describeModel' && call.getArguments()[0]?.getText() === 'spec');
  if (!handsSpec) return { ok: false, problem: 'its `describeModel(spec)` call was removed (no call hands `spec` to `describeModel`)' };
  return { ok: true, specStart: initializer.getStart(), specEnd: initializer.getEnd(), specText: initializer.getText() };
}

export type CodemodResult =
  | { kind: 'mangled'; problem: string }
  /** The header or the spec no longer hashes to the content hash (edited by hand), and not forced. */
  | { kind: 'edited' }
  | { kind: 'updated'; content: string; specWasEdited: boolean };

/**
 * Rewrites the header and the `spec` initializer of `existing` for `spec`, keeping every other byte.
 * Nothing is written here: the caller writes `content` atomically, or not at all.
 */
export function codemodSuite(existing: string, header: ParsedHeader, spec: ModelSpec, hash: string, force: boolean): CodemodResult {
  const source = parse(existing);
  try {
    const found = locate(source);
    if (!found.ok) return { kind: 'mangled', problem: found.problem };
    if (found.specStart < header.headerEnd) return { kind: 'mangled', problem: 'its `spec` initializer overlaps the header' };
    // A file from an hf-convert before the content hash covered the spec alone cannot tell a user's
    // code from a hand edit: it counts as edited.
    const specWasEdited = header.fileHash === undefined || contentHashOf(header.head, found.specText) !== header.contentHash;
    if (specWasEdited && !force) return { kind: 'edited' };
    const { prefix, printed, suffix } = renderParts(spec);
    const newHeader = renderHeader(spec, hash, printed, prefix + printed + suffix);
    // The later range first, so the header's range is still where it was.
    source.replaceText([found.specStart, found.specEnd], printed);
    source.replaceText([0, header.headerEnd], newHeader);
    const content = source.getFullText();
    const expected = newHeader + existing.slice(header.headerEnd, found.specStart) + printed + existing.slice(found.specEnd);
    if (content !== expected) throw new Error('internal error: the codemod changed bytes outside the header and the spec');
    return { kind: 'updated', content, specWasEdited };
  } finally {
    release(source);
  }
}
