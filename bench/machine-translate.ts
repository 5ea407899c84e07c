/**
 * Turns a legacy Python test into the TypeScript a line-by-line machine translation produces, as
 * seen in a real corpus of 334 such files (234 of them did not parse): statements and calls
 * translated, blocks closed from indentation, but Python constructs the translator missed left
 * in place (comprehensions, `with`, tuple unpacking, keyword arguments, `**kwargs`, slices).
 * Deterministic for a given random source.
 */
export function machineTranslate(python: string, random: () => number): string {
  const out: string[] = ['// Auto-translated from Python; review before use.'];
  const open: number[] = []; // indentation of each block still open
  const close = (indent: number) => {
    while (open.length > 0 && open[open.length - 1]! >= indent) {
      const at = open.pop()!;
      // The translator sometimes loses a closing brace.
      if (random() > 0.03) out.push(`${' '.repeat(at)}}`);
    }
  };
  let inDocstring = false;
  for (const raw of python.split('\n')) {
    const trimmed = raw.trim();
    if (/^("""|''')/.test(trimmed) || (inDocstring && /("""|''')$/.test(trimmed))) {
      const single = trimmed.length > 3 && /^("""|''').*("""|''')$/.test(trimmed);
      out.push(`${raw.replace(/"""|'''/g, '').replace(/^(\s*)/, '$1// ')}`);
      if (!single) inDocstring = !inDocstring;
      continue;
    }
    if (inDocstring) {
      out.push(raw.replace(/^(\s*)/, '$1// '));
      continue;
    }
    if (trimmed === '') {
      out.push('');
      continue;
    }
    const indent = raw.length - raw.trimStart().length;
    close(indent);
    let line = translateExpressions(trimmed);
    let block = false;
    const header = /^(.*):\s*(#.*)?$/.exec(line);
    if (header && /^(def|async def|class|if|elif|else|for|while|try|except|finally|with)\b/.test(line)) {
      line = translateHeader(header[1]!);
      block = true;
    } else if (!line.startsWith('//') && !/[,({[]$/.test(line)) {
      line = `${line};`;
    }
    out.push(`${' '.repeat(indent)}${line}`);
    if (block) open.push(indent);
  }
  close(0);
  return `${out.join('\n')}\n`;
}

function translateHeader(head: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^(?:async )?def (\w+)\((.*)\)(?:\s*->\s*.+)?$/.exec(head))) {
    const params = m[2]!.split(',').map((p) => p.trim()).filter((p) => p && p !== 'self').map((p) => p.replace(/:\s*([\w.[\], ]+)/, ': any').replace(/=(.+)$/, ' = $1'));
    return `async ${m[1]}(${params.join(', ')}) {`;
  }
  if ((m = /^class (\w+)(?:\((.*)\))?$/.exec(head))) return `class ${m[1]}${m[2] ? ` extends ${m[2].split(',')[0]!.trim()}` : ''} {`;
  if ((m = /^if (.+)$/.exec(head))) return `if (${m[1]}) {`;
  if ((m = /^elif (.+)$/.exec(head))) return `} else if (${m[1]}) {`;
  if (head === 'else') return '} else {';
  if ((m = /^for (.+?) in (.+)$/.exec(head))) return `for (const ${m[1]} of ${m[2]}) {`;
  if ((m = /^while (.+)$/.exec(head))) return `while (${m[1]}) {`;
  if (head === 'try') return 'try {';
  if ((m = /^except(?:\s+(\w+(?:\.\w+)*))?(?:\s+as\s+(\w+))?$/.exec(head))) return `} catch (${m[2] ?? 'e'}) {`;
  if (head === 'finally') return '} finally {';
  // `with x as y:` has no direct translation; the translator keeps it.
  return `${head} {`;
}

function translateExpressions(line: string): string {
  return line
    .replace(/^#\s?/, '// ')
    .replace(/^import (\w+(?:\.\w+)*)(?: as (\w+))?$/, (_, mod: string, as?: string) => `import * as ${as ?? mod.split('.').pop()} from '${mod.replace(/\./g, '/')}'`)
    .replace(/^from (\S+) import (.+)$/, (_, mod: string, names: string) => `import { ${names.replace(/[()]/g, '').replace(/ as /g, ' as ')} } from '${mod.replace(/\./g, '/')}'`)
    .replace(/\bself\./g, 'this.')
    .replace(/\bNone\b/g, 'null')
    .replace(/\bTrue\b/g, 'true')
    .replace(/\bFalse\b/g, 'false')
    .replace(/\band\b/g, '&&')
    .replace(/\bor\b/g, '||')
    .replace(/\bnot (\w)/g, '!$1')
    .replace(/\bprint\(/g, 'console.log(')
    .replace(/\blen\(([^()]+)\)/g, '$1.length')
    .replace(/\bf"([^"]*)"/g, (_, body: string) => `\`${body.replace(/\{/g, '${')}\``)
    .replace(/\bf'([^']*)'/g, (_, body: string) => `\`${body.replace(/\{/g, '${')}\``)
    .replace(/\s+#\s.*$/, '')
    .replace(/^(\w+)\s*=\s*/, 'let $1 = ');
}
