/**
 * Analysis worker threads: starting them, and starting them early. Kept apart from the pool (which
 * loads the extractors) so a run can start its workers before it loads or scans anything else.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

export function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/** Workers started before the files were known (see prestartWorkers), waiting to be adopted. */
const prestarted: Worker[] = [];

/**
 * Starts the analysis workers ahead of need: when a run knows it will analyse (no earlier run to
 * reuse), a worker's start-up (a thread, its modules) overlaps the scan instead of following it.
 * Unused ones are dropped by analyseAll or discardPrestartedWorkers, and never keep the process alive.
 */
export function prestartWorkers(jobs: number): void {
  while (prestarted.length < jobs - 1) {
    const worker = startWorker();
    worker.unref();
    // Until adopted, a worker that fails or exits is only forgotten (a fresh one is started instead).
    const forget = () => {
      const at = prestarted.indexOf(worker);
      if (at >= 0) prestarted.splice(at, 1);
    };
    worker.on('error', forget);
    worker.on('exit', forget);
    prestarted.push(worker);
  }
}

export function discardPrestartedWorkers(): void {
  for (const worker of prestarted.splice(0)) void worker.terminate();
}

export function adoptWorker(): Worker {
  const worker = prestarted.shift();
  if (worker === undefined) return startWorker();
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');
  worker.ref();
  return worker;
}

function startWorker(): Worker {
  // From the TypeScript sources (tests, benches) the worker loads them through bin/register-ts.cjs.
  const fromSource = __filename.endsWith('.ts');
  const file = require.resolve(fromSource ? './worker.ts' : './worker.js');
  return new Worker(file, fromSource ? { execArgv: ['-r', path.join(__dirname, '..', '..', 'bin', 'register-ts.cjs')] } : {});
}
