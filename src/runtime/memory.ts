import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let collect: (() => void) | null | undefined;

/**
 * A full garbage collection, so memory figures measure what is still referenced rather than when
 * V8 last happened to collect. `--expose-gc` set at run time reaches contexts created afterwards,
 * which is why `gc` is fetched from a fresh one. Without it (a runtime that refuses the flag) this
 * does nothing and memory figures are merely noisier.
 */
export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}

/**
 * The process's RSS, after a full collection when `collect` is set. A collection costs tens of
 * milliseconds once Jest's workers have grown their heaps: worth it around a real checkpoint's
 * load (seconds), not around a tiny model's (milliseconds, adding well under the RSS floor).
 */
export function rssAfterCollecting(collect: boolean): number {
  if (collect) collectGarbage();
  return process.memoryUsage.rss();
}
