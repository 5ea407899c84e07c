import type { Progress } from '../convert';
import type { PullProgress } from '../runtime/hub';

export interface ProgressReporter<P> {
  update(p: P): void;
  stop(): void;
}

interface ReporterSpec<P> {
  /** cli-progress format; `{bar}`, `{percentage}`, `{value}`, `{total}` and the payload's keys. */
  format: string;
  /** The bar's position and length, or undefined to update only the payload (or skip, before the start). */
  position(p: P): { value: number; total: number } | undefined;
  payload(p: P): Record<string, unknown>;
  /** The plain line for CI, or undefined when this update has none. */
  line(p: P): string | undefined;
}

/**
 * A progress bar on a terminal; on CI (no TTY) plain lines at most every 2 s, so logs stay short.
 * Everything goes to stderr: stdout is reserved for the summary or --json.
 */
function createReporter<P>(stream: NodeJS.WriteStream, enabled: boolean, spec: ReporterSpec<P>): ProgressReporter<P> {
  if (!enabled) return { update() {}, stop() {} };
  if (stream.isTTY) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SingleBar, Presets } = require('cli-progress') as typeof import('cli-progress');
    const bar = new SingleBar({ stream, format: spec.format, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
    let started = false;
    return {
      update(p) {
        const at = spec.position(p);
        if (!at) {
          if (started) bar.update(spec.payload(p));
          return;
        }
        if (!started) {
          bar.start(at.total, at.value, spec.payload(p));
          started = true;
        } else {
          bar.setTotal(at.total);
          bar.update(at.value, spec.payload(p));
        }
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 2000) return;
      const line = spec.line(p);
      if (line === undefined) return;
      last = now;
      stream.write(`${line}\n`);
    },
    stop() {},
  };
}

/** `hf-convert <paths>`: files analysed. */
export function createProgressReporter(stream: NodeJS.WriteStream, enabled: boolean): ProgressReporter<Progress> {
  return createReporter<Progress>(stream, enabled, {
    format: 'converting [{bar}] {percentage}% | {value}/{total} files | {phase}',
    position: (p) => (p.phase === 'emit' || p.phase === 'done' ? undefined : { value: p.done, total: p.total }),
    payload: (p) => ({ phase: p.phase }),
    line: (p) => (p.phase === 'analyse' ? `hf-convert: analysed ${p.done}/${p.total} files` : undefined),
  });
}

/** What `models pull` reports: checkpoints listed, then bytes and files downloaded. */
export type DownloadProgress = PullProgress;

export function createDownloadProgressReporter(stream: NodeJS.WriteStream, enabled: boolean): ProgressReporter<DownloadProgress> {
  return createReporter<DownloadProgress>(stream, enabled, {
    format: 'downloading [{bar}] {percentage}% | {bytes} of {totalBytes} | {filesDone}/{filesTotal} files | {current}',
    position: (p) => (p.phase === 'download' ? { value: Math.max(0, p.bytesDone), total: Math.max(p.bytesTotal, p.bytesDone, 1) } : undefined),
    payload: (p) => ({ bytes: formatBytes(p.bytesDone), totalBytes: formatBytes(Math.max(p.bytesTotal, p.bytesDone)), filesDone: p.filesDone, filesTotal: p.filesTotal, current: p.current ?? '' }),
    line: (p) =>
      p.phase === 'list'
        ? `hf-convert: listing files of ${p.current ?? 'checkpoints'} (${p.filesDone}/${p.filesTotal} checkpoints)`
        : `hf-convert: downloaded ${formatBytes(p.bytesDone)} of ${formatBytes(Math.max(p.bytesTotal, p.bytesDone))}, ${p.filesDone}/${p.filesTotal} files${p.current ? ` (${p.current})` : ''}`,
  });
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${Math.max(0, n)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
