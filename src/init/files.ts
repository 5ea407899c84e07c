/** Pure merges of package.json scripts and .gitignore entries: text in, text out, never clobbering. */

export interface ScriptsMerge {
  /** New package.json text, or undefined when nothing changes. */
  text?: string;
  added: string[];
  /** Scripts of the same name the repository already has with another command: kept as they are. */
  kept: { name: string; theirs: string; ours: string }[];
}

export class PackageJsonError extends Error {}

export function parsePackageJson(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PackageJsonError(`package.json is not valid JSON (${(error as Error).message})`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new PackageJsonError('package.json does not hold a JSON object');
  return parsed as Record<string, unknown>;
}

/** Adds `scripts` the package lacks; a `remove` key (e.g. `jest` moved into jest.config.js) is dropped. */
export function mergeScripts(text: string, scripts: Record<string, string>, remove: string[] = []): ScriptsMerge {
  const pkg = parsePackageJson(text);
  const existing = pkg.scripts;
  if (existing !== undefined && (typeof existing !== 'object' || existing === null || Array.isArray(existing))) {
    throw new PackageJsonError('package.json "scripts" is not an object');
  }
  const current = { ...((existing as Record<string, string>) ?? {}) };
  const added: string[] = [];
  const kept: ScriptsMerge['kept'] = [];
  for (const [name, command] of Object.entries(scripts)) {
    if (!(name in current)) {
      current[name] = command;
      added.push(name);
    } else if (current[name] !== command) {
      kept.push({ name, theirs: String(current[name]), ours: command });
    }
  }
  const removing = remove.filter((key) => key in pkg);
  if (added.length === 0 && removing.length === 0) return { added, kept };
  const next: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pkg)) if (!removing.includes(key)) next[key] = key === 'scripts' ? current : value;
  if (!('scripts' in next)) next.scripts = current;
  return { text: JSON.stringify(next, null, detectJsonIndent(text)) + (text.endsWith('\n') ? '\n' : ''), added, kept };
}

function detectJsonIndent(text: string): string | number {
  const match = /^\{\s*?\n([ \t]+)\S/.exec(text);
  return match ? match[1] : 2;
}

/** Adds the entries a .gitignore does not already cover (same path with or without a leading or trailing slash). */
export function mergeGitignore(text: string | undefined, entries: string[]): { text?: string; added: string[] } {
  const lines = (text ?? '').split(/\r?\n/);
  const covered = new Set(lines.map(normaliseIgnore).filter(Boolean));
  const added = entries.filter((entry) => !covered.has(normaliseIgnore(entry)));
  if (added.length === 0) return { added };
  let base = text ?? '';
  if (base.length > 0 && !base.endsWith('\n')) base += '\n';
  const header = base.length > 0 ? '\n# hf-convert\n' : '# hf-convert\n';
  return { text: base + header + added.map((a) => `${a}\n`).join(''), added };
}

/** True when the .gitignore ignores node_modules (so the analysis cache in it is ignored too). */
export function ignoresNodeModules(text: string | undefined): boolean {
  return (text ?? '').split(/\r?\n/).some((line) => ['node_modules', '**/node_modules'].includes(normaliseIgnore(line)));
}

function normaliseIgnore(line: string): string {
  const trimmed = line.trim();
  if (!trimmed || trimmed.startsWith('#')) return '';
  return trimmed.replace(/^\//, '').replace(/\/(\*\*)?$/, '');
}
