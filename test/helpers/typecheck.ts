import * as path from 'node:path';
import ts from 'typescript';

const REPO = path.join(__dirname, '..', '..');

/**
 * Type-checks in-memory suites (path inside the repository → text) the way `tsc -p tsconfig.json`
 * would check them: the project's compiler options and its `hf-convert/runtime` path. Only what
 * the suites' imports reach is read, not the whole runtime with @types/node and transformers.js
 * (~5 MB to parse): a project file's imports are resolved once a declaration the suites use is
 * found in it (a package's always), and the program is rebuilt, from the files parsed before,
 * until no new such file turns up. So that this cannot hide anything, every name a suite imports
 * must have a type free of `any` (an unresolved type is `any`): otherwise that is reported as a
 * diagnostic too. No global types either (`types: []`, not node and jest): a generated suite calls
 * the runtime API only, and the template's own code is type-checked with the project.
 * Returns each suite's diagnostics as `line: message`.
 */
export function typeCheckSuites(suites: Record<string, string>): Record<string, string[]> {
  const options = { ...projectOptions(), types: [], noEmit: true };
  const resolving = new Set(Object.keys(suites));
  const host = compilerHost(options, suites, resolving);
  for (;;) {
    // No `oldProgram`: it would keep the old (unresolved) imports. The host hands out the files it parsed before.
    const program = ts.createProgram({ rootNames: Object.keys(suites), options, host });
    const walks = Object.keys(suites).map((fileName) => walkImports(program, program.getSourceFile(fileName)!));
    const unresolved = walks.flatMap((walk) => [...walk.declaredIn]).filter((file) => !resolving.has(file));
    if (unresolved.length === 0) return diagnosticsOf(program, Object.keys(suites), walks);
    for (const file of unresolved) resolving.add(file);
  }
}

function projectOptions(): ts.CompilerOptions {
  const configFile = path.join(REPO, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(format(error));
  // No directory listing: the suites are the program's only roots, not the project's `include`.
  const noFiles: ts.ParseConfigHost = { ...ts.sys, useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames, readDirectory: () => [] };
  return ts.parseJsonConfigFileContent(config, noFiles, REPO, undefined, configFile).options;
}

/** Serves the suites from memory and parses every other file once; resolves the imports of files in `resolving` and of packages. */
function compilerHost(options: ts.CompilerOptions, suites: Record<string, string>, resolving: ReadonlySet<string>): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const parsed = new Map<string, ts.SourceFile | undefined>();
  const readFromDisk = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    if (!parsed.has(fileName)) {
      parsed.set(fileName, fileName in suites ? ts.createSourceFile(fileName, suites[fileName]!, languageVersion, true) : readFromDisk(fileName, languageVersion, ...rest));
    }
    return parsed.get(fileName);
  };
  host.resolveModuleNameLiterals = (literals, containingFile, redirectedReference, compilerOptions, containingSourceFile) =>
    literals.map((literal) => {
      if (!resolving.has(containingFile) && !isPackageFile(containingFile)) return { resolvedModule: undefined };
      const mode = ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions);
      return ts.resolveModuleName(literal.text, containingFile, compilerOptions, host, undefined, redirectedReference, mode);
    });
  return host;
}

const isPackageFile = (fileName: string) => fileName.includes('/node_modules/');

function diagnosticsOf(program: ts.Program, suites: string[], walks: Array<{ untyped: string[] }>): Record<string, string[]> {
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map((d) => format(d));
  return Object.fromEntries(
    suites.map((fileName, i) => {
      const file = program.getSourceFile(fileName)!;
      const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((d) => format(d));
      return [fileName, [...global, ...diagnostics, ...walks[i]!.untyped]];
    }),
  );
}

function format(d: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  return d.file && d.start !== undefined ? `${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ${message}` : message;
}

/**
 * Follows every name `file` imports (through re-exports) into its type: properties, signatures,
 * type arguments, union members. Collects the files declaring what it passes, and the names whose
 * type holds `any` somewhere.
 */
function walkImports(program: ts.Program, file: ts.SourceFile): { untyped: string[]; declaredIn: Set<string> } {
  const checker = program.getTypeChecker();
  const declaredIn = new Set<string>();
  const noteDeclarations = (symbol: ts.Symbol | undefined) => {
    for (const declaration of symbol?.declarations ?? []) {
      const source = declaration.getSourceFile();
      if (!program.isSourceFileDefaultLibrary(source) && !isPackageFile(source.fileName)) declaredIn.add(source.fileName);
    }
  };
  // Lib types (Array, String…) and packages' are checked as they are: only the project's declarations are walked.
  const isForeign = (symbol: ts.Symbol | undefined) =>
    !!symbol?.declarations?.some((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()) || isPackageFile(d.getSourceFile().fileName));
  const seen = new Set<ts.Type>();
  const anyWithin = (type: ts.Type, at: string): string | undefined => {
    if (type.flags & ts.TypeFlags.Any) return at;
    if (seen.has(type)) return undefined;
    seen.add(type);
    if (type.isUnionOrIntersection()) return first(type.types, (member) => anyWithin(member, at));
    if (!(type.flags & ts.TypeFlags.Object)) return undefined;
    if ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) {
      const inArguments = first(checker.getTypeArguments(type as ts.TypeReference), (argument) => anyWithin(argument, `${at}<>`));
      if (inArguments) return inArguments;
    }
    if (isForeign(type.symbol)) return undefined;
    noteDeclarations(type.symbol);
    for (const signature of checker.getSignaturesOfType(type, ts.SignatureKind.Call)) {
      const inParameters = first(signature.getParameters(), (p) => anyWithin(checker.getTypeOfSymbol(p), `${at}(${p.name})`));
      if (inParameters) return inParameters;
      const inReturn = anyWithin(signature.getReturnType(), `${at}()`);
      if (inReturn) return inReturn;
    }
    const inIndex = first(checker.getIndexInfosOfType(type), (info) => anyWithin(info.type, `${at}[]`));
    if (inIndex) return inIndex;
    return first(checker.getPropertiesOfType(type), (p) => {
      noteDeclarations(p);
      return anyWithin(checker.getTypeOfSymbol(p), `${at}.${p.name}`);
    });
  };

  const untyped: string[] = [];
  for (const { name, symbol: imported } of importedNames(checker, file)) {
    // Every re-export on the way is read, so each hop's imports get resolved.
    let symbol = imported;
    while (symbol.flags & ts.SymbolFlags.Alias) {
      const next = checker.getImmediateAliasedSymbol(symbol);
      if (!next) break;
      noteDeclarations(next);
      symbol = next;
    }
    const declaration = symbol.declarations?.[0];
    const type = !declaration ? undefined : symbol.flags & ts.SymbolFlags.Value ? checker.getTypeOfSymbolAtLocation(symbol, declaration) : checker.getDeclaredTypeOfSymbol(symbol);
    const where = type ? anyWithin(type, name) : name;
    if (where) untyped.push(`${name} is not fully typed: ${where} is any (unresolved?)`);
  }
  return { untyped, declaredIn };
}

/** Every name an import brings in: default, named, and each export of a namespace import. */
function importedNames(checker: ts.TypeChecker, file: ts.SourceFile): Array<{ name: string; symbol: ts.Symbol }> {
  const names: Array<{ name: string; symbol: ts.Symbol }> = [];
  for (const statement of file.statements) {
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    if (!clause) continue;
    const local = (node: ts.Identifier) => names.push({ name: node.text, symbol: checker.getSymbolAtLocation(node)! });
    if (clause.name) local(clause.name);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) bindings.elements.forEach((element) => local(element.name));
    if (bindings && ts.isNamespaceImport(bindings)) {
      const module = checker.getSymbolAtLocation((statement as ts.ImportDeclaration).moduleSpecifier);
      for (const exported of module ? checker.getExportsOfModule(module) : []) names.push({ name: `${bindings.name.text}.${exported.name}`, symbol: exported });
      if (!module) names.push({ name: bindings.name.text, symbol: checker.getSymbolAtLocation(bindings.name)! });
    }
  }
  return names;
}

function first<T>(items: readonly T[], find: (item: T) => string | undefined): string | undefined {
  for (const item of items) {
    const found = find(item);
    if (found) return found;
  }
  return undefined;
}
