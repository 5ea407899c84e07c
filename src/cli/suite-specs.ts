import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from '@babel/parser';
import fg from 'fast-glob';
import type { ModelSpec } from '../runtime/spec';

/** Generated suites are `<category>/<model_type>.test.ts` (the models project's pattern). */
const SUITE_GLOB = '{text,vision,audio,multimodal,other,unknown}/*.test.ts';

export interface SuiteSpec {
  file: string;
  spec: ModelSpec;
}

/**
 * The suites under the given files and folders (default `generated/`), each with the spec literal
 * it hands to `describeModel`, read without running it. A file that is not a generated suite is
 * an error naming it.
 */
export function findSuiteFiles(paths: string[], cwd = process.cwd()): string[] {
  const files = new Set<string>();
  for (const p of paths.length ? paths : ['generated']) {
    const full = path.resolve(cwd, p);
    if (!fs.existsSync(full)) throw new Error(`no such file or folder: ${p}`);
    if (fs.statSync(full).isDirectory()) {
      for (const f of fg.sync(`**/${SUITE_GLOB}`, { cwd: full, absolute: true, ignore: ['**/node_modules/**'] })) files.add(path.normalize(f));
    } else files.add(full);
  }
  return [...files].sort();
}

export function readSuiteSpec(file: string): ModelSpec {
  const source = fs.readFileSync(file, 'utf8');
  let ast: ReturnType<typeof parse>;
  try {
    ast = parse(source, { sourceType: 'module', plugins: ['typescript'] });
  } catch (error) {
    throw new Error(`${file} does not parse: ${(error as Error).message}`);
  }
  for (const statement of ast.program.body) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const declaration of statement.declarations) {
      if (declaration.id.type === 'Identifier' && declaration.id.name === 'spec' && declaration.init) {
        const value = literal(unwrap(declaration.init), file);
        const spec = value as Partial<ModelSpec> | null;
        if (!spec || typeof spec !== 'object' || typeof spec.modelId !== 'string' || typeof spec.task !== 'string') {
          throw new Error(`${file}: its spec has no modelId and task`);
        }
        return spec as ModelSpec;
      }
    }
  }
  throw new Error(`${file} is not a generated suite (no \`const spec = { … }\` literal)`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function unwrap(node: any): any {
  while (node && (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression' || node.type === 'TSNonNullExpression' || node.type === 'ParenthesizedExpression')) node = node.expression;
  return node;
}

/** Plain data only: strings, numbers, booleans, null, arrays and objects of them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function literal(node: any, file: string): unknown {
  node = unwrap(node);
  switch (node?.type) {
    case 'StringLiteral':
    case 'NumericLiteral':
    case 'BooleanLiteral':
      return node.value;
    case 'NullLiteral':
      return null;
    case 'TemplateLiteral':
      if (node.expressions.length === 0) return node.quasis[0].value.cooked;
      break;
    case 'UnaryExpression':
      if (node.operator === '-' && node.argument.type === 'NumericLiteral') return -node.argument.value;
      break;
    case 'Identifier':
      if (node.name === 'undefined') return undefined;
      break;
    case 'ArrayExpression':
      return node.elements.map((e: unknown) => literal(e, file));
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const prop of node.properties) {
        if (prop.type !== 'ObjectProperty' || prop.computed) break;
        const key = prop.key.type === 'Identifier' ? prop.key.name : prop.key.type === 'StringLiteral' ? prop.key.value : undefined;
        if (key === undefined) break;
        out[key] = literal(prop.value, file);
      }
      if (Object.keys(out).length === node.properties.length) return out;
      break;
    }
  }
  throw new Error(`${file}: its spec is not plain data (line ${node?.loc?.start.line ?? '?'})`);
}
