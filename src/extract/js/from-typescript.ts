/**
 * Converts a TypeScript-compiler AST (fallback parser) into the Babel-shaped nodes the JS walker
 * reads. Only the constructs the walker interprets are mapped; everything else becomes `Other`
 * carrying its converted children so nothing inside it is lost.
 */
import type * as TS from 'typescript';
import type { Node } from './node';
import { lastIndexAtOrBefore } from '../../util/sorted';

export function fromTypeScript(ts: typeof TS, sf: TS.SourceFile): Node {
  const SK = ts.SyntaxKind;
  const lineStarts = sf.getLineStarts();
  /** 1-based line of an offset: a binary search over the line starts, as the compiler's own does. */
  const lineAt = (pos: number): number => lastIndexAtOrBefore(lineStarts, pos) + 1;
  const locAt = (start: number): Node['loc'] => ({ start: { line: lineAt(start) } });
  // Nodes are built as object literals with all their fields at once (spreading a shared base into
  // each made the conversion cost as much as the parse), so each node type has one shape.
  const ident = (n: TS.Node, name: string): Node => {
    const start = n.getStart(sf);
    return { type: 'Identifier', start, end: n.end, loc: locAt(start), name };
  };
  const convAll = (nodes: readonly TS.Node[] | undefined): Node[] => (nodes ? nodes.map(conv) : []);

  function conv(n: TS.Node): Node {
    switch (n.kind) {
      // Wrappers, read through (no node of their own).
      case SK.ParenthesizedExpression:
      case SK.AsExpression:
      case SK.NonNullExpression:
      case SK.SatisfiesExpression:
      case SK.TypeAssertionExpression:
        return conv((n as TS.ParenthesizedExpression).expression);
      case SK.Parameter: {
        const p = n as TS.ParameterDeclaration;
        if (!p.initializer) return conv(p.name);
        break;
      }
    }
    const start = n.getStart(sf);
    const end = n.end;
    const loc = locAt(start);
    switch (n.kind) {
      case SK.StringLiteral:
      case SK.NoSubstitutionTemplateLiteral:
        return { type: 'StringLiteral', start, end, loc, value: (n as TS.StringLiteral).text };
      case SK.TemplateExpression: {
        const t = n as TS.TemplateExpression;
        const quasis = [t.head, ...t.templateSpans.map((s) => s.literal)].map((q) => ({ type: 'TemplateElement', value: { cooked: q.text, raw: q.text } }));
        return { type: 'TemplateLiteral', start, end, loc, quasis, expressions: t.templateSpans.map((s) => conv(s.expression)) };
      }
      case SK.NumericLiteral:
        return { type: 'NumericLiteral', start, end, loc, value: Number((n as TS.NumericLiteral).text) };
      case SK.TrueKeyword:
      case SK.FalseKeyword:
        return { type: 'BooleanLiteral', start, end, loc, value: n.kind === SK.TrueKeyword };
      case SK.NullKeyword:
        return { type: 'NullLiteral', start, end, loc };
      case SK.ThisKeyword:
        return { type: 'ThisExpression', start, end, loc };
      case SK.Identifier:
      case SK.PrivateIdentifier:
        return { type: 'Identifier', start, end, loc, name: (n as TS.Identifier).text };
      case SK.PropertyAccessExpression: {
        const p = n as TS.PropertyAccessExpression;
        return { type: 'MemberExpression', start, end, loc, object: conv(p.expression), property: ident(p.name, p.name.text), computed: false };
      }
      case SK.ElementAccessExpression: {
        const e = n as TS.ElementAccessExpression;
        return { type: 'MemberExpression', start, end, loc, object: conv(e.expression), property: conv(e.argumentExpression), computed: true };
      }
      case SK.CallExpression:
      case SK.NewExpression: {
        const c = n as TS.CallExpression;
        return { type: n.kind === SK.CallExpression ? 'CallExpression' : 'NewExpression', start, end, loc, callee: conv(c.expression), arguments: convAll(c.arguments) };
      }
      case SK.VariableDeclaration: {
        const v = n as TS.VariableDeclaration;
        return { type: 'VariableDeclarator', start, end, loc, id: conv(v.name), init: v.initializer ? conv(v.initializer) : null };
      }
      case SK.BinaryExpression: {
        const b = n as TS.BinaryExpression;
        const op = b.operatorToken.kind;
        if (op === SK.EqualsToken) return { type: 'AssignmentExpression', start, end, loc, operator: '=', left: conv(b.left), right: conv(b.right) };
        return { type: 'BinaryExpression', start, end, loc, operator: ts.tokenToString(op) ?? '?', left: conv(b.left), right: conv(b.right) };
      }
      case SK.Parameter: {
        const p = n as TS.ParameterDeclaration;
        return { type: 'AssignmentPattern', start, end, loc, left: conv(p.name), right: conv(p.initializer!) };
      }
      case SK.PropertyDeclaration: {
        const p = n as TS.PropertyDeclaration;
        return { type: 'ClassProperty', start, end, loc, key: conv(p.name), value: p.initializer ? conv(p.initializer) : null, computed: p.name.kind === SK.ComputedPropertyName };
      }
      case SK.PropertyAssignment: {
        const p = n as TS.PropertyAssignment;
        return { type: 'ObjectProperty', start, end, loc, key: conv(p.name), value: conv(p.initializer), computed: p.name.kind === SK.ComputedPropertyName };
      }
      case SK.ShorthandPropertyAssignment: {
        const p = n as TS.ShorthandPropertyAssignment;
        return { type: 'ObjectProperty', start, end, loc, key: ident(p.name, p.name.text), value: ident(p.name, p.name.text), computed: false };
      }
      case SK.ClassDeclaration:
      case SK.ClassExpression: {
        const c = n as TS.ClassDeclaration;
        return { type: 'ClassDeclaration', start, end, loc, id: c.name ? conv(c.name) : null, body: { type: 'Other', children: convAll(c.members) } };
      }
      case SK.ArrayLiteralExpression:
        return { type: 'ArrayExpression', start, end, loc, elements: convAll((n as TS.ArrayLiteralExpression).elements) };
      case SK.ObjectLiteralExpression:
        return { type: 'ObjectExpression', start, end, loc, properties: convAll((n as TS.ObjectLiteralExpression).properties) };
      case SK.PrefixUnaryExpression: {
        const u = n as TS.PrefixUnaryExpression;
        if (u.operator === SK.MinusToken) return { type: 'UnaryExpression', start, end, loc, operator: '-', argument: conv(u.operand) };
        break;
      }
      case SK.AwaitExpression:
        return { type: 'AwaitExpression', start, end, loc, argument: conv((n as TS.AwaitExpression).expression) };
    }
    const children: Node[] = [];
    ts.forEachChild(n, (child) => {
      children.push(conv(child));
    });
    return { type: 'Other', start, end, loc, children };
  }

  const children: Node[] = [];
  ts.forEachChild(sf, (child) => {
    children.push(conv(child));
  });
  return { type: 'Program', body: children };
}
