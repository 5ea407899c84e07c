import type { Progress } from '../convert';

/**
 * A progress bar on a terminal; on CI (no TTY) plain lines at most every 2 s, so logs stay short.
 * Everything goes to stderr: stdout is reserved for the summary or --json.
 */
export function createProgressReporter(stream: NodeJS.WriteStream, enabled: boolean): { update(p: Progress): void; stop(): void } {
  if (!enabled) return { update() {}, stop() {} };
  if (stream.isTTY) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SingleBar, Presets } = require('cli-progress') as typeof import('cli-progress');
    const bar = new SingleBar(
      { stream, format: 'converting [{bar}] {percentage}% | {value}/{total} files | {phase}', hideCursor: true, clearOnComplete: true },
      Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        if (p.phase === 'emit' || p.phase === 'done') return bar.update({ phase: p.phase });
        if (!started) {
          bar.start(p.total, p.done, { phase: p.phase });
          started = true;
        } else bar.update(p.done, { phase: p.phase });
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
      if (p.phase !== 'analyse' || now - last < 2000) return;
      last = now;
      stream.write(`hf-convert: analysed ${p.done}/${p.total} files\n`);
    },
    stop() {},
  };
}
