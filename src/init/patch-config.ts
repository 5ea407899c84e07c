import {
  IndentationText,
  Node,
  Project,
  QuoteKind,
  SyntaxKind,
  type ArrayLiteralExpression,
  type Expression,
  type ObjectLiteralExpression,
  type SourceFile,
  type Statement,
} from 'ts-morph';
import {
  MODELS_ONLY,
  MODELS_PROJECT,
  REPORTER,
  helperBlock,
  ignorePattern,
  manualInstructions,
  maxWorkersExpression,
  projectsElement,
  projectsForRootConfig,
  quote,
  testMatchGlob,
  type RenderOptions,
} from './render';

export type PatchResult =
  | { kind: 'patched'; text: string; changes: string[] }
  | { kind: 'unchanged'; changes: string[] }
  | { kind: 'refused'; found: string; reason: string; manual: string };

class Refusal extends Error {
  constructor(
    readonly found: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Adds the models project, its selection and the reporter to a JS/TS Jest config's text.
 * Only a config whose exported value is an object literal written in the file (directly, or through a
 * `const` it names) is patched; anything else is refused with what to add by hand.
 */
export function patchJestConfig(text: string, fileName: string, options: RenderOptions): PatchResult {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { allowJs: true },
    manipulationSettings: { indentationText: detectIndent(text), quoteKind: QuoteKind.Single },
  });
  const source = project.createSourceFile(`/${fileName}`, text);
  let hasProjects = false;
  try {
    const { object, statement } = findConfigObject(source);
    hasProjects = object.getProperty('projects') !== undefined;
    const changes = patchObject(source, object, statement, options);
    if (changes.length === 0) return { kind: 'unchanged', changes: ['already set up'] };
    // A blank line between the helpers and the config they precede.
    const text = source.getFullText().replace(/(\n  testTimeout: 60000,\n\};\n)\n*/, '$1\n');
    return { kind: 'patched', text, changes };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return { kind: 'refused', found: error.found, reason: error.message, manual: manualInstructions(options, hasProjects) };
  }
}

function patchObject(source: SourceFile, object: ObjectLiteralExpression, statement: Statement, options: RenderOptions): string[] {
  const changes: string[] = [];
  const ownSpread = (p: Node) => Node.isSpreadAssignment(p) && mentions(p, MODELS_ONLY);
  const hasSpread = object.getProperties().some((p) => Node.isSpreadAssignment(p) && !ownSpread(p));
  const property = (name: string) => {
    const prop = object.getProperty(name) ?? object.getProperty(`'${name}'`) ?? object.getProperty(`"${name}"`);
    if (!prop) {
      if (hasSpread) throw new Refusal('a config object that spreads another one', `it has no \`${name}\` of its own, and one added after the spread would override whatever the spread sets`);
      return undefined;
    }
    if (!Node.isPropertyAssignment(prop)) throw new Refusal(`\`${name}\` written as ${prop.getKindName()}`, `\`${name}\` is not a plain \`${name}: …\` property`);
    return unwrap(prop.getInitializerOrThrow());
  };
  const arrayOf = (name: string, value: Expression): ArrayLiteralExpression => {
    if (!Node.isArrayLiteralExpression(value)) throw new Refusal(`\`${name}: ${abbreviate(value.getText())}\``, `\`${name}\` is computed, not an array written in the file`);
    return value;
  };

  const declaration = source.getVariableDeclaration(MODELS_PROJECT);
  const declared = declaration !== undefined;
  if (declaration && !declaration.getText().includes(quote(testMatchGlob(options.out)))) {
    const glob = declaration
      .getDescendantsOfKind(SyntaxKind.StringLiteral)
      .map((s) => s.getLiteralValue())
      .find((v) => v.endsWith('/**/*.test.ts'));
    throw new Refusal(
      `the models project of an earlier init (${glob ? `matching ${glob}` : `\`${MODELS_PROJECT}\``}, line ${declaration.getStartLineNumber()})`,
      `init does not move it to --out ${options.out}; change its testMatch (and testPathIgnorePatterns) by hand`,
    );
  }

  // projects
  const projects = property('projects');
  let rootConfig = false;
  if (!projects) {
    rootConfig = true;
    object.addPropertyAssignment({ name: 'projects', initializer: projectsForRootConfig() });
    changes.push('projects: the models project, only when selected (your own tests stay the root project)');
  } else if (mentions(projects, MODELS_PROJECT)) {
    rootConfig = !Node.isArrayLiteralExpression(projects);
  } else {
    const array = arrayOf('projects', projects);
    for (const element of array.getElements()) {
      const name = projectName(source, element);
      if (name === 'models') {
        throw new Refusal(`a \`models\` project already in \`projects\` (line ${element.getStartLineNumber()})`, 'it is not the one hf-convert init writes; rename it, or remove it and run init again');
      }
    }
    array.addElement(projectsElement());
    changes.push('projects: the models project appended, only when selected');
  }

  // testPathIgnorePatterns: a root project (no projects of its own) must not pick up the generated suites.
  if (rootConfig) {
    const pattern = ignorePattern(options.out);
    const ignore = property('testPathIgnorePatterns');
    if (!ignore) {
      object.addPropertyAssignment({ name: 'testPathIgnorePatterns', initializer: `['/node_modules/', ${quote(pattern)}]` });
      changes.push(`testPathIgnorePatterns: ${pattern} kept out of your own tests`);
    } else {
      const array = arrayOf('testPathIgnorePatterns', ignore);
      if (!array.getElements().some((e) => stringValue(e) === pattern)) {
        array.addElement(quote(pattern));
        changes.push(`testPathIgnorePatterns: + ${pattern}`);
      }
    }
  }

  // maxWorkers: a config that sets its own keeps it.
  if (!object.getProperties().some(ownSpread) && !property('maxWorkers')) {
    object.addSpreadAssignment({ expression: maxWorkersExpression() });
    changes.push('maxWorkers: 1 when only the models run (a -w on the command line still wins)');
  }

  // reporters
  const reporters = property('reporters');
  if (!reporters) {
    object.addPropertyAssignment({ name: 'reporters', initializer: `['default', ${quote(REPORTER)}]` });
    changes.push(`reporters: default and ${REPORTER}`);
  } else {
    const array = arrayOf('reporters', reporters);
    const present = array.getElements().some((e) => {
      const first = Node.isArrayLiteralExpression(e) ? e.getElements()[0] : e;
      return first !== undefined && stringValue(first) === REPORTER;
    });
    if (!present) {
      array.addElement(quote(REPORTER));
      changes.push(`reporters: + ${REPORTER}`);
    }
  }

  if (!declared) {
    source.insertStatements(statement.getChildIndex(), helperBlock(options) + '\n');
    changes.unshift(`the models project (${options.out}/, ${options.transformer}, hf-convert/jest-environment) and its selection`);
  }
  return changes;
}

/** The object literal the file exports, and the top-level statement holding it (helpers go before it). */
function findConfigObject(source: SourceFile): { object: ObjectLiteralExpression; statement: Statement } {
  let exported: Expression | undefined;
  let statement: Statement | undefined;
  for (const stmt of source.getStatements()) {
    if (Node.isExportAssignment(stmt)) {
      exported = stmt.getExpression();
      statement = stmt;
    } else if (Node.isExpressionStatement(stmt)) {
      const expr = stmt.getExpression();
      if (Node.isBinaryExpression(expr) && expr.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
        const left = expr.getLeft().getText().replace(/\s/g, '');
        if (left === 'module.exports') {
          exported = expr.getRight();
          statement = stmt;
        } else if (/^(module\.)?exports\./.test(left)) {
          throw new Refusal(`an assignment to \`${left}\` (line ${stmt.getStartLineNumber()})`, 'the config is built up by assignments, not written as one object');
        }
      }
    }
  }
  if (!exported || !statement) throw new Refusal('no `module.exports = …` or `export default …`', 'init patches only a config that exports an object literal');
  let value = unwrap(exported);
  if (Node.isIdentifier(value)) {
    const name = value.getText();
    const declaration = source.getVariableDeclaration(name);
    const init = declaration?.getInitializer();
    if (!declaration || !init) throw new Refusal(`\`${abbreviate(exported.getText())}\` exported`, `\`${name}\` is not a variable initialised in this file`);
    const mutated = new RegExp(`\\b${name}\\s*(\\.\\s*\\w+|\\[[^\\]]*\\])\\s*(=(?!=)|\\.push\\()`).exec(source.getFullText());
    if (mutated) throw new Refusal(`\`${mutated[0].trim()}\` after the config is declared`, 'the config is changed after it is written, so what Jest sees is computed');
    value = unwrap(init);
    statement = declaration.getVariableStatementOrThrow();
  }
  if (Node.isObjectLiteralExpression(value)) return { object: value, statement };
  if (Node.isArrowFunction(value) || Node.isFunctionExpression(value) || Node.isFunctionDeclaration(value)) {
    throw new Refusal('a config that is a function', 'what it returns is only known when Jest calls it');
  }
  if (Node.isCallExpression(value) && value.getExpression().getText() === 'require') {
    throw new Refusal(`a config loaded from another file (\`${abbreviate(value.getText())}\`)`, 'patch that file instead, or write the config here');
  }
  if (Node.isCallExpression(value)) {
    throw new Refusal(`a config wrapped in a call (\`${abbreviate(value.getExpression().getText())}(…)\`)`, 'what the call returns is computed');
  }
  throw new Refusal(`an exported \`${abbreviate(value.getText())}\``, 'the config is computed, not an object literal written in the file');
}

function unwrap(expr: Expression): Expression {
  let e: Expression = expr;
  while (Node.isParenthesizedExpression(e) || Node.isAsExpression(e) || Node.isSatisfiesExpression(e) || Node.isTypeAssertion(e)) e = e.getExpression();
  return e;
}

/** The displayName of a project element when it can be read from the file. */
function projectName(source: SourceFile, element: Expression): string | undefined {
  let e = unwrap(element);
  if (Node.isIdentifier(e)) {
    const init = source.getVariableDeclaration(e.getText())?.getInitializer();
    if (!init) return undefined;
    e = unwrap(init);
  }
  if (!Node.isObjectLiteralExpression(e)) return undefined;
  const prop = e.getProperty('displayName');
  if (!prop || !Node.isPropertyAssignment(prop)) return undefined;
  const value = unwrap(prop.getInitializerOrThrow());
  if (Node.isObjectLiteralExpression(value)) {
    const nameProp = value.getProperty('name');
    return nameProp && Node.isPropertyAssignment(nameProp) ? stringValue(nameProp.getInitializerOrThrow()) : undefined;
  }
  return stringValue(value);
}

function stringValue(node: Node): string | undefined {
  return Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node) ? node.getLiteralValue() : undefined;
}

function mentions(node: Node, identifier: string): boolean {
  return node.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => id.getText() === identifier);
}

function abbreviate(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
}

function detectIndent(text: string): IndentationText {
  const match = /^( +|\t)\S/m.exec(text);
  if (!match) return IndentationText.TwoSpaces;
  if (match[1] === '\t') return IndentationText.Tab;
  return match[1].length >= 4 ? IndentationText.FourSpaces : IndentationText.TwoSpaces;
}
