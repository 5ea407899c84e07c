import * as fs from 'node:fs';

/**
 * How long this thread has waited on a run queue for a CPU, in milliseconds (the second field of
 * Linux's /proc/thread-self/schedstat), or null where the kernel does not say. Waiting while
 * runnable is contention by definition: another thread or process had the CPU. Read around a timed
 * loop, never inside it (a read costs a few microseconds).
 */
export function runQueueWaitMs(): number | null {
  try {
    const fields = fs.readFileSync('/proc/thread-self/schedstat', 'latin1').trim().split(/\s+/);
    const waited = Number(fields[1]);
    return Number.isFinite(waited) ? waited / 1e6 : null;
  } catch {
    return null;
  }
}

/** Tracks the share of a stretch of wall time this thread spent waiting for a CPU. */
export class WaitMeter {
  private readonly waitStart = runQueueWaitMs();
  private readonly wallStart = performance.now();

  /** Waited / elapsed since construction, in [0, 1]; null where the kernel does not report waiting. */
  share(): number | null {
    const waited = runQueueWaitMs();
    const elapsed = performance.now() - this.wallStart;
    if (waited === null || this.waitStart === null || elapsed <= 0) return null;
    return Math.min(1, Math.max(0, (waited - this.waitStart) / elapsed));
  }
}
