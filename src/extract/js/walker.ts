/** Walks a Babel-shaped JS/TS AST and reports the same events as the Python walker. */
import type { Collector } from '../collector';
import type { CallArg, DictEntry, Lit } from '../lit';
import type { Node } from './node';
import { parseJs, type TypeScriptFallbackResume } from './parse';

const NOT_CHILDREN = new Set(['type', 'loc', 'start', 'end', 'range', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'errors', 'comments', 'tokens']);
const ASSERT_CALLEES = new Set(['console.assert', 'assert', 'assert.ok', 'assert.strict', 'assert.equal', 'assert.strictEqual', 'assert.deepEqual', 'assert.deepStrictEqual']);
const EXPECT_MATCHERS = new Set(['toBe', 'toEqual', 'toStrictEqual', 'toMatch', 'toContain']);
const TS_WRAPPERS = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'ParenthesizedExpression']);

/**
 * Child keys of the node types met in practice (a for-in walk is the fallback for the rest).
 * Type-level TS nodes have none: annotations carry no test data.
 */
const FN = ['id', 'params', 'body'];
const LEFT_RIGHT = ['left', 'right'];
const ARG = ['argument'];
const EXPR = ['expression'];
const NONE: readonly string[] = [];
const CHILD_KEY_TABLE: Record<string, readonly string[]> = {
  Program: ['body'], Other: ['children'], ExpressionStatement: EXPR, VariableDeclaration: ['declarations'],
  VariableDeclarator: ['id', 'init'], FunctionDeclaration: FN, FunctionExpression: FN, ArrowFunctionExpression: FN,
  ClassMethod: ['key', 'params', 'body'], ClassPrivateMethod: ['key', 'params', 'body'], ObjectMethod: ['key', 'params', 'body'],
  BlockStatement: ['body'], StaticBlock: ['body'], ClassBody: ['body'], ReturnStatement: ARG, ThrowStatement: ARG,
  AwaitExpression: ARG, UnaryExpression: ARG, UpdateExpression: ARG, SpreadElement: ARG, RestElement: ARG, YieldExpression: ARG,
  IfStatement: ['test', 'consequent', 'alternate'], ConditionalExpression: ['test', 'consequent', 'alternate'],
  ForStatement: ['init', 'test', 'update', 'body'], ForOfStatement: ['left', 'right', 'body'], ForInStatement: ['left', 'right', 'body'],
  WhileStatement: ['test', 'body'], DoWhileStatement: ['test', 'body'], TryStatement: ['block', 'handler', 'finalizer'],
  CatchClause: ['param', 'body'], SwitchStatement: ['discriminant', 'cases'], SwitchCase: ['test', 'consequent'],
  LabeledStatement: ['body'], CallExpression: ['callee', 'arguments'], NewExpression: ['callee', 'arguments'],
  OptionalCallExpression: ['callee', 'arguments'], MemberExpression: ['object', 'property'], OptionalMemberExpression: ['object', 'property'],
  BinaryExpression: LEFT_RIGHT, LogicalExpression: LEFT_RIGHT, AssignmentExpression: LEFT_RIGHT, AssignmentPattern: LEFT_RIGHT,
  ArrayExpression: ['elements'], ArrayPattern: ['elements'], ObjectExpression: ['properties'], ObjectPattern: ['properties'],
  TemplateLiteral: ['expressions'], TaggedTemplateExpression: ['tag', 'quasi'], SequenceExpression: ['expressions'],
  ImportDeclaration: ['specifiers', 'source'], ImportSpecifier: ['imported', 'local'], ImportDefaultSpecifier: ['local'],
  ImportNamespaceSpecifier: ['local'], ExportNamedDeclaration: ['declaration', 'specifiers', 'source'],
  ExportDefaultDeclaration: ['declaration'], ExportSpecifier: ['local', 'exported'], ParenthesizedExpression: EXPR,
  TSAsExpression: EXPR, TSNonNullExpression: EXPR, TSSatisfiesExpression: EXPR, TSTypeAssertion: EXPR,
  TSEnumDeclaration: ['members'], TSEnumMember: ['id', 'initializer'], TSEnumBody: ['members'],
  StringLiteral: NONE, NumericLiteral: NONE, BooleanLiteral: NONE, NullLiteral: NONE, Identifier: NONE, ThisExpression: NONE,
  TemplateElement: NONE, RegExpLiteral: NONE, BigIntLiteral: NONE, EmptyStatement: NONE, BreakStatement: NONE,
  ContinueStatement: NONE, DebuggerStatement: NONE, Super: NONE, Import: NONE, MetaProperty: NONE, PrivateName: NONE,
  TSInterfaceDeclaration: NONE, TSTypeAliasDeclaration: NONE, TSDeclareFunction: NONE, TSModuleDeclaration: ['body'],
  TSModuleBlock: ['body'], TSImportEqualsDeclaration: NONE, TSExportAssignment: EXPR,
};
const CHILD_KEYS = new Map(Object.entries(CHILD_KEY_TABLE));

const lineOf = (n: Node): number => n.loc?.start.line ?? 0;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && typeof (v as Node).type === 'string';

function unwrap(n: Node): Node {
  let cur = n;
  while (TS_WRAPPERS.has(cur.type) && isNode(cur.expression)) cur = cur.expression;
  return cur;
}

class JsWalker {
  /** Calls whose result is assigned to a variable (`const pipe = await pipeline(...)`). */
  private readonly assignedCalls = new Map<Node, string>();

  constructor(private readonly src: string, private readonly out: Collector) {}

  visit(node: Node, inAssert: boolean): void {
    switch (node.type) {
      case 'StringLiteral':
        this.out.string(node.value as string, lineOf(node));
        return;
      case 'TemplateLiteral': {
        const lit = this.templateLit(node);
        this.out.string(lit.v, lit.line, lit.templated);
        break;
      }
      case 'Identifier': {
        const name = node.name as string;
        const c = name.charCodeAt(0);
        if (c >= 65 && c <= 90) this.out.identifier(name, lineOf(node));
        return;
      }
      case 'ClassDeclaration':
      case 'ClassExpression': {
        const id = node.id as Node | null;
        if (id && id.type === 'Identifier') this.out.classDef(id.name as string, lineOf(id));
        for (const key of ['superClass', 'body']) if (isNode(node[key])) this.visit(node[key] as Node, inAssert);
        return;
      }
      case 'VariableDeclarator': {
        const id = node.id as Node;
        if (id.type === 'Identifier' && isNode(node.init)) this.assignment(id.name as string, node.init, lineOf(node));
        break;
      }
      case 'AssignmentExpression': {
        const target = node.operator === '=' ? this.dottedName(node.left as Node) : null;
        if (target !== null) this.assignment(target, node.right as Node, lineOf(node));
        break;
      }
      case 'AssignmentPattern': {
        const left = node.left as Node;
        if (left.type === 'Identifier') this.out.assign(left.name as string, this.toLit(node.right as Node), lineOf(node), 'default');
        break;
      }
      case 'ClassProperty':
      case 'ClassPrivateProperty':
      case 'PropertyDefinition':
      case 'ObjectProperty': {
        const key = node.computed ? null : this.keyName(node.key as Node);
        if (key !== null && isNode(node.value)) {
          this.out.assign(key, this.toLit(node.value), lineOf(node), node.type === 'ObjectProperty' ? 'property' : 'assign');
        }
        if (isNode(node.value)) this.visit(node.value, inAssert);
        if (node.computed && isNode(node.key)) this.visit(node.key, inAssert);
        return;
      }
      case 'CallExpression':
      case 'OptionalCallExpression':
      case 'NewExpression':
        inAssert = this.call(node, inAssert);
        break;
      case 'BinaryExpression':
        if (node.operator === '===' || node.operator === '==') {
          const left = node.left as Node;
          const right = node.right as Node;
          this.out.compare(this.refKey(left), this.toLit(right), lineOf(node), inAssert);
          this.out.compare(this.refKey(right), this.toLit(left), lineOf(node), inAssert);
        }
        break;
    }
    this.visitChildren(node, inAssert);
  }

  private visitChildren(node: Node, inAssert: boolean): void {
    const keys = CHILD_KEYS.get(node.type);
    if (keys !== undefined) {
      for (let k = 0; k < keys.length; k++) {
        const v = node[keys[k]];
        if (Array.isArray(v)) {
          for (const item of v) if (isNode(item)) this.visit(item, inAssert);
        } else if (isNode(v)) this.visit(v, inAssert);
      }
      return;
    }
    for (const key in node) {
      if (NOT_CHILDREN.has(key)) continue;
      const v = node[key];
      if (Array.isArray(v)) {
        for (const item of v) if (isNode(item)) this.visit(item, inAssert);
      } else if (isNode(v)) this.visit(v, inAssert);
    }
  }

  private assignment(target: string, value: Node, line: number): void {
    // `process.env.MODEL ?? 'Xenova/…'`: the fallback literal is the file's value
    const v = unwrap(value);
    if (v.type === 'LogicalExpression' && (v.operator === '??' || v.operator === '||') && isNode(v.right)) value = v.right;
    let call = unwrap(value);
    if (call.type === 'AwaitExpression' && isNode(call.argument)) call = unwrap(call.argument);
    if (call.type === 'CallExpression' || call.type === 'NewExpression') this.assignedCalls.set(call, target);
    else this.out.assign(target, this.toLit(value), line, 'assign');
  }

  /** Reports the call; returns whether its arguments are inside an assertion. */
  private call(node: Node, inAssert: boolean): boolean {
    const callee = node.callee as Node;
    const args = (node.arguments as Node[]) ?? [];
    const line = lineOf(node);
    const name = this.dottedName(callee);
    if (name !== null) {
      const callArgs: CallArg[] = args.map((a) => ({ value: this.toLit(a), ref: this.refKey(a) }));
      // Calls with only non-literal arguments matter only as model calls (`from_pretrained(id)`).
      const hasLiteral = callArgs.some((a) => a.value.t !== 'other' && a.value.t !== 'name');
      if (hasLiteral || /(?:^|\.)(?:pipeline|from_pretrained)$/.test(name)) this.out.call(name, callArgs, line, this.assignedCalls.get(node));
      if (ASSERT_CALLEES.has(name)) return true;
    }
    // expect(out[0].label).toBe('POSITIVE')
    if (callee.type === 'MemberExpression' && !callee.computed) {
      const matcher = (callee.property as Node).name as string;
      const subject = callee.object as Node;
      if (EXPECT_MATCHERS.has(matcher) && subject.type === 'CallExpression' && this.dottedName(subject.callee as Node) === 'expect') {
        const actual = (subject.arguments as Node[])[0];
        if (actual && args[0]) this.out.compare(this.refKey(actual), this.toLit(args[0]), line, true);
      }
    }
    return inAssert;
  }

  private keyName(key: Node): string | null {
    if (key.type === 'Identifier') return key.name as string;
    if (key.type === 'StringLiteral') return key.value as string;
    return null;
  }

  /** `a.b.c` / `this.pipe`; null for anything computed. */
  private dottedName(n: Node): string | null {
    const node = unwrap(n);
    if (node.type === 'Identifier') return node.name as string;
    if (node.type === 'ThisExpression') return 'this';
    if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') {
      const obj = this.dottedName(node.object as Node);
      if (obj === null) return null;
      const prop = node.property as Node;
      if (!node.computed && (prop.type === 'Identifier' || prop.type === 'PrivateName')) return `${obj}.${(prop.name as string) ?? ''}`;
      if (node.computed && prop.type === 'StringLiteral') return `${obj}.${prop.value as string}`;
    }
    return null;
  }

  /** `out[0].label` → `label`; `res["text"]` → `text`; `label` → `label`. */
  private refKey(n: Node): string | null {
    const node = unwrap(n);
    if (node.type === 'Identifier') return node.name as string;
    if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') {
      const prop = node.property as Node;
      if (!node.computed && prop.type === 'Identifier') return prop.name as string;
      if (node.computed && prop.type === 'StringLiteral') return prop.value as string;
    }
    return null;
  }

  /** Template text with `${expr}` kept as written. */
  private templateLit(node: Node): Extract<Lit, { t: 'str' }> {
    const quasis = node.quasis as Array<{ value: { cooked?: string | null; raw: string } }>;
    const exprs = node.expressions as Node[];
    let v = quasis[0]?.value.cooked ?? quasis[0]?.value.raw ?? '';
    for (let i = 0; i < exprs.length; i++) {
      const e = exprs[i];
      const text = typeof e.start === 'number' && typeof e.end === 'number' ? this.src.slice(e.start, e.end) : '';
      v += '${' + text + '}' + (quasis[i + 1]?.value.cooked ?? quasis[i + 1]?.value.raw ?? '');
    }
    return exprs.length > 0 ? { t: 'str', v, line: lineOf(node), templated: true } : { t: 'str', v, line: lineOf(node) };
  }

  private toLit(n: Node): Lit {
    const node = unwrap(n);
    const line = lineOf(node);
    switch (node.type) {
      case 'StringLiteral':
        return { t: 'str', v: node.value as string, line };
      case 'TemplateLiteral':
        return this.templateLit(node);
      case 'NumericLiteral':
        return { t: 'num', v: node.value as number, line };
      case 'UnaryExpression': {
        const arg = node.argument as Node;
        if (node.operator === '-' && arg.type === 'NumericLiteral') return { t: 'num', v: -(arg.value as number), line };
        break;
      }
      case 'BooleanLiteral':
      case 'NullLiteral':
        return { t: 'const', line };
      case 'Identifier':
        return node.name === 'undefined' ? { t: 'const', line } : { t: 'name', v: node.name as string, line };
      case 'MemberExpression': {
        const name = this.dottedName(node);
        if (name !== null) return { t: 'name', v: name, line };
        break;
      }
      case 'ArrayExpression': {
        const items: Lit[] = [];
        for (const el of node.elements as Array<Node | null>) if (el) items.push(this.toLit(el));
        return { t: 'list', items, line };
      }
      case 'ObjectExpression': {
        const entries: DictEntry[] = [];
        for (const p of node.properties as Node[]) {
          if (p.type !== 'ObjectProperty' || !isNode(p.value)) continue;
          entries.push({ key: p.computed ? null : this.keyName(p.key as Node), value: this.toLit(p.value), line: lineOf(p) });
        }
        return { t: 'dict', entries, line };
      }
    }
    return { t: 'other', line };
  }
}

/**
 * Binary data is not worth parsing: parsers crawl through it error by error (the TypeScript
 * fallback at well under 1 MB/s). Returns an error when control / replacement characters make up
 * a noticeable share of the text.
 */
const SUSPICIOUS_CHAR = /[\x00-\x08\x0e-\x1f\ufffd]/;

function binaryContentError(src: string): string | null {
  if (!SUSPICIOUS_CHAR.test(src)) return null;
  let count = 0;
  let firstLine = 0;
  let line = 1;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 10) line++;
    else if ((c < 32 && c !== 9 && c !== 11 && c !== 12 && c !== 13) || c === 0xfffd) {
      if (count++ === 0) firstLine = line;
    }
  }
  if (count < 8 || count < src.length / 1000) return null;
  return `line ${firstLine}: binary content (${count} control or replacement characters); not parsed`;
}

/** Extracts from JS/TS source; returns the syntax errors the parser reported. */
export function extractJs(src: string, fileName: string, typescript: boolean, out: Collector, resume?: TypeScriptFallbackResume): string[] {
  const binary = binaryContentError(src);
  if (binary !== null) return [binary];
  const parsed = parseJs(src, fileName, typescript, resume);
  new JsWalker(parsed.text, out).visit(parsed.program, false);
  return parsed.errors;
}
