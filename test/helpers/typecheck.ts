import * as path from 'node:path';
import ts from 'typescript';

const REPO = path.join(__dirname, '..', '..');

/**
 * Type-checks in-memory suites (path inside the repository → text) the way `tsc -p tsconfig.json`
 * would check them: the project's compiler options and its `hf-convert/runtime` path, in one
 * program. Only the repository's own modules are read: imports of packages (@types/node,
 * transformers.js, …) stay unresolved, which spares parsing ~4 MB of declarations the suites never
 * reach. So that this cannot hide anything, every name a suite imports must have a type free of
 * `any` (an unresolved type is `any`): otherwise that is reported as a diagnostic too.
 * Returns each suite's diagnostics as `line: message`.
 */
export function typeCheckSuites(suites: Record<string, string>): Record<string, string[]> {
  const options = { ...projectOptions(), types: [], noEmit: true };
  const host = ts.createCompilerHost(options, true);
  const readFromDisk = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    fileName in suites ? ts.createSourceFile(fileName, suites[fileName]!, languageVersion, true) : readFromDisk(fileName, languageVersion, ...rest);
  host.resolveModuleNameLiterals = (literals, containingFile, redirectedReference, compilerOptions, containingSourceFile) =>
    literals.map((literal) => {
      const mode = ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions);
      const resolved = ts.resolveModuleName(literal.text, containingFile, compilerOptions, host, undefined, redirectedReference, mode);
      return resolved.resolvedModule?.isExternalLibraryImport ? { resolvedModule: undefined } : resolved;
    });
  const program = ts.createProgram({ rootNames: Object.keys(suites), options, host });
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map((d) => format(d));
  return Object.fromEntries(
    Object.keys(suites).map((fileName) => {
      const file = program.getSourceFile(fileName)!;
      const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((d) => format(d));
      return [fileName, [...global, ...diagnostics, ...importsTypedAny(program, file)]];
    }),
  );
}

function projectOptions(): ts.CompilerOptions {
  const configFile = path.join(REPO, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(format(error));
  // No directory listing: the suites are the program's only roots, not the project's `include`.
  const noFiles: ts.ParseConfigHost = { ...ts.sys, useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames, readDirectory: () => [] };
  return ts.parseJsonConfigFileContent(config, noFiles, REPO, undefined, configFile).options;
}

function format(d: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  return d.file && d.start !== undefined ? `${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ${message}` : message;
}

/** Imported names whose type holds `any` anywhere (its properties, signatures, elements, members). */
function importsTypedAny(program: ts.Program, file: ts.SourceFile): string[] {
  const checker = program.getTypeChecker();
  // Lib types (Array, String…) are the compiler's own: only the project's declarations are walked.
  const walked = (type: ts.Type) => !type.symbol?.declarations?.some((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()));
  const found: string[] = [];
  for (const statement of file.statements) {
    const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      const symbol = checker.getAliasedSymbol(checker.getSymbolAtLocation(element.name)!);
      const declaration = symbol.declarations?.[0];
      const type = !declaration ? undefined : symbol.flags & ts.SymbolFlags.Value ? checker.getTypeOfSymbolAtLocation(symbol, declaration) : checker.getDeclaredTypeOfSymbol(symbol);
      const where = type ? anyWithin(checker, walked, type, element.name.text, new Set()) : element.name.text;
      if (where) found.push(`${element.name.text} is not fully typed: ${where} is any (unresolved?)`);
    }
  }
  return found;
}

function anyWithin(checker: ts.TypeChecker, walked: (type: ts.Type) => boolean, type: ts.Type, at: string, seen: Set<ts.Type>): string | undefined {
  if (type.flags & ts.TypeFlags.Any) return at;
  if (seen.has(type)) return undefined;
  seen.add(type);
  if (type.isUnionOrIntersection()) return first(type.types, (member) => anyWithin(checker, walked, member, at, seen));
  if (!(type.flags & ts.TypeFlags.Object)) return undefined;
  if ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) {
    const inArguments = first(checker.getTypeArguments(type as ts.TypeReference), (argument) => anyWithin(checker, walked, argument, `${at}<>`, seen));
    if (inArguments) return inArguments;
  }
  for (const signature of checker.getSignaturesOfType(type, ts.SignatureKind.Call)) {
    const inParameters = first(signature.getParameters(), (p) => anyWithin(checker, walked, checker.getTypeOfSymbol(p), `${at}(${p.name})`, seen));
    if (inParameters) return inParameters;
    const inReturn = anyWithin(checker, walked, signature.getReturnType(), `${at}()`, seen);
    if (inReturn) return inReturn;
  }
  if (!walked(type)) return undefined;
  return first(checker.getPropertiesOfType(type), (p) => anyWithin(checker, walked, checker.getTypeOfSymbol(p), `${at}.${p.name}`, seen));
}

function first<T>(items: readonly T[], find: (item: T) => string | undefined): string | undefined {
  for (const item of items) {
    const found = find(item);
    if (found) return found;
  }
  return undefined;
}
