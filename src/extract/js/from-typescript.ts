/**
 * Converts a TypeScript-compiler AST (fallback parser) into the Babel-shaped nodes the JS walker
 * reads. Only the constructs the walker interprets are mapped; everything else becomes `Other`
 * carrying its converted children so nothing inside it is lost.
 */
import type * as TS from 'typescript';
import type { Node } from './node';

export function fromTypeScript(ts: typeof TS, sf: TS.SourceFile): Node {
  const SK = ts.SyntaxKind;
  const base = (n: TS.Node, type: string): Node => {
    const start = n.getStart(sf);
    return { type, start, end: n.end, loc: { start: { line: sf.getLineAndCharacterOfPosition(start).line + 1 } } };
  };
  const ident = (n: TS.Node, name: string): Node => ({ ...base(n, 'Identifier'), name });
  const convAll = (nodes: readonly TS.Node[] | undefined): Node[] => (nodes ? nodes.map(conv) : []);

  function conv(n: TS.Node): Node {
    switch (n.kind) {
      case SK.StringLiteral:
      case SK.NoSubstitutionTemplateLiteral:
        return { ...base(n, 'StringLiteral'), value: (n as TS.StringLiteral).text };
      case SK.TemplateExpression: {
        const t = n as TS.TemplateExpression;
        const quasis = [t.head, ...t.templateSpans.map((s) => s.literal)].map((q) => ({ type: 'TemplateElement', value: { cooked: q.text, raw: q.text } }));
        return { ...base(n, 'TemplateLiteral'), quasis, expressions: t.templateSpans.map((s) => conv(s.expression)) };
      }
      case SK.NumericLiteral:
        return { ...base(n, 'NumericLiteral'), value: Number((n as TS.NumericLiteral).text) };
      case SK.TrueKeyword:
      case SK.FalseKeyword:
        return { ...base(n, 'BooleanLiteral'), value: n.kind === SK.TrueKeyword };
      case SK.NullKeyword:
        return base(n, 'NullLiteral');
      case SK.ThisKeyword:
        return base(n, 'ThisExpression');
      case SK.Identifier:
      case SK.PrivateIdentifier:
        return ident(n, (n as TS.Identifier).text);
      case SK.PropertyAccessExpression: {
        const p = n as TS.PropertyAccessExpression;
        return { ...base(n, 'MemberExpression'), object: conv(p.expression), property: ident(p.name, p.name.text), computed: false };
      }
      case SK.ElementAccessExpression: {
        const e = n as TS.ElementAccessExpression;
        return { ...base(n, 'MemberExpression'), object: conv(e.expression), property: conv(e.argumentExpression), computed: true };
      }
      case SK.CallExpression:
      case SK.NewExpression: {
        const c = n as TS.CallExpression;
        return { ...base(n, n.kind === SK.CallExpression ? 'CallExpression' : 'NewExpression'), callee: conv(c.expression), arguments: convAll(c.arguments) };
      }
      case SK.VariableDeclaration: {
        const v = n as TS.VariableDeclaration;
        return { ...base(n, 'VariableDeclarator'), id: conv(v.name), init: v.initializer ? conv(v.initializer) : null };
      }
      case SK.BinaryExpression: {
        const b = n as TS.BinaryExpression;
        const op = b.operatorToken.kind;
        if (op === SK.EqualsToken) return { ...base(n, 'AssignmentExpression'), operator: '=', left: conv(b.left), right: conv(b.right) };
        return { ...base(n, 'BinaryExpression'), operator: ts.tokenToString(op) ?? '?', left: conv(b.left), right: conv(b.right) };
      }
      case SK.Parameter: {
        const p = n as TS.ParameterDeclaration;
        return p.initializer ? { ...base(n, 'AssignmentPattern'), left: conv(p.name), right: conv(p.initializer) } : conv(p.name);
      }
      case SK.PropertyDeclaration: {
        const p = n as TS.PropertyDeclaration;
        return { ...base(n, 'ClassProperty'), key: conv(p.name), value: p.initializer ? conv(p.initializer) : null, computed: p.name.kind === SK.ComputedPropertyName };
      }
      case SK.PropertyAssignment: {
        const p = n as TS.PropertyAssignment;
        return { ...base(n, 'ObjectProperty'), key: conv(p.name), value: conv(p.initializer), computed: p.name.kind === SK.ComputedPropertyName };
      }
      case SK.ShorthandPropertyAssignment: {
        const p = n as TS.ShorthandPropertyAssignment;
        return { ...base(n, 'ObjectProperty'), key: ident(p.name, p.name.text), value: ident(p.name, p.name.text), computed: false };
      }
      case SK.ClassDeclaration:
      case SK.ClassExpression: {
        const c = n as TS.ClassDeclaration;
        return { ...base(n, 'ClassDeclaration'), id: c.name ? conv(c.name) : null, body: { type: 'Other', children: convAll(c.members) } };
      }
      case SK.ArrayLiteralExpression:
        return { ...base(n, 'ArrayExpression'), elements: convAll((n as TS.ArrayLiteralExpression).elements) };
      case SK.ObjectLiteralExpression:
        return { ...base(n, 'ObjectExpression'), properties: convAll((n as TS.ObjectLiteralExpression).properties) };
      case SK.PrefixUnaryExpression: {
        const u = n as TS.PrefixUnaryExpression;
        if (u.operator === SK.MinusToken) return { ...base(n, 'UnaryExpression'), operator: '-', argument: conv(u.operand) };
        break;
      }
      case SK.AwaitExpression:
        return { ...base(n, 'AwaitExpression'), argument: conv((n as TS.AwaitExpression).expression) };
      case SK.ParenthesizedExpression:
      case SK.AsExpression:
      case SK.NonNullExpression:
      case SK.SatisfiesExpression:
      case SK.TypeAssertionExpression:
        return conv((n as TS.ParenthesizedExpression).expression);
    }
    const children: Node[] = [];
    ts.forEachChild(n, (child) => {
      children.push(conv(child));
    });
    return { ...base(n, 'Other'), children };
  }

  const children: Node[] = [];
  ts.forEachChild(sf, (child) => {
    children.push(conv(child));
  });
  return { type: 'Program', body: children };
}
