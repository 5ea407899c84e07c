/**
 * transformers.js lives in the host realm (see host.ts), so its console warnings bypass Jest's
 * per-test console and print straight to the worker's stderr, once per call: "No language
 * specified - defaulting to English (en)." forty times in one run. While a test file runs, the
 * host console's warn/log/info are collected instead; when it ends, each distinct message is
 * printed once, with how often it came and which test file said it.
 */
type Level = 'warn' | 'log' | 'info';
const LEVELS: readonly Level[] = ['warn', 'log', 'info'];

export interface CollectedMessage {
  level: Level;
  text: string;
  count: number;
}

export class HostConsoleCollector {
  private readonly messages = new Map<string, CollectedMessage>();
  private readonly originals = new Map<Level, (...args: unknown[]) => void>();

  constructor(private readonly target: Pick<Console, Level> = console) {}

  start(): void {
    for (const level of LEVELS) {
      const original = this.target[level].bind(this.target) as (...args: unknown[]) => void;
      this.originals.set(level, original);
      this.target[level] = (...args: unknown[]) => this.collect(level, args);
    }
  }

  private collect(level: Level, args: unknown[]): void {
    const text = args.map((arg) => (typeof arg === 'string' ? arg : arg instanceof Error ? arg.message : safeString(arg))).join(' ');
    const key = `${level}\u0000${text}`;
    const known = this.messages.get(key);
    if (known) known.count++;
    else this.messages.set(key, { level, text, count: 1 });
  }

  /** Restores the console and returns what was said, in first-said order. */
  stop(): CollectedMessage[] {
    for (const [level, original] of this.originals) this.target[level] = original;
    this.originals.clear();
    const said = [...this.messages.values()];
    this.messages.clear();
    return said;
  }
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}

/** One line per distinct message: `hf-convert: bert.test.ts: transformers.js warned 40×: No language …`. */
export function summariseMessages(file: string, messages: readonly CollectedMessage[]): string {
  return messages
    .map(({ level, text, count }) => `hf-convert: ${file}: the inference stack ${level === 'warn' ? 'warned' : 'said'}${count > 1 ? ` ${count}×` : ''}: ${text.length > 500 ? `${text.slice(0, 500)}…` : text}\n`)
    .join('');
}
