import { analyseFile, type AnalyseResult, type AnalyseTask } from './analyse';
import { adoptWorker, discardPrestartedWorkers } from './workers';

export { defaultJobs } from './workers';

/** Below this many files, starting a worker costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 48;
const BATCH_SIZE = 16;
const BATCHES_IN_FLIGHT = 3;
/**
 * Before the main thread does its one long piece of work alongside (loading TypeScript, ~0.3 s in
 * which it answers nobody), each worker is given this many batches, so it does not sit idle.
 */
const BATCHES_BEFORE_ALONGSIDE = 12;
/**
 * The main thread answers workers only between its own batches: small ones keep that wait short
 * (a cold JS file can take ~5 ms, while a worker gets through a Python batch in ~20 ms).
 */
const MAIN_BATCH_SIZE = 4;
const CROSS_OVER_BATCH_SIZE = 4;
/** Handed-back files go through the TypeScript parser, slow while it warms up: two at a time. */
const DEFERRED_BATCH_SIZE = 2;
/**
 * Each thread pays to load and warm up the parsers it uses (Babel alone ~0.4 s cold), so the main
 * thread takes the JS/TS files (only it may fall back to the TypeScript parser) and workers the
 * Python files. A thread whose own queue is empty only crosses over while the other queue still holds
 * enough work to repay that cost.
 */
const MIN_QUEUE_TO_CROSS_OVER = 64;

/**
 * Analyses files on `jobs` threads: the main thread takes batches too, so with two cores one
 * worker plus the main thread keep both busy. Results come back in task order.
 */
export async function analyseAll(
  tasks: AnalyseTask[],
  jobs: number,
  onResult: (result: AnalyseResult) => void,
  /**
   * Work the main thread does once, early, while workers analyse: with the threads sharing each
   * other's queues it costs half its time there, against all of it when left to the end.
   */
  alongside?: () => void,
): Promise<AnalyseResult[]> {
  const alongsideWork = alongside !== undefined;
  const results: AnalyseResult[] = new Array(tasks.length);
  const workerCount = tasks.length >= MIN_FILES_FOR_WORKERS ? Math.max(0, jobs - 1) : 0;
  const python: number[] = [];
  const script: number[] = [];
  const typescript: number[] = [];
  tasks.forEach((task, i) => (task.absPath.endsWith('.py') ? python : task.absPath.endsWith('.ts') ? typescript : script).push(i));
  // The JS/TS queue holds the TypeScript files first: a worker crossing over takes from the front,
  // the main thread from the back. TypeScript files are the likeliest to need the TypeScript parser
  // (machine-translated ones mostly do), so the files workers hand back reach the main thread early,
  // while it still has JS files of its own to fill the gaps, rather than piling up at the end.
  script.unshift(...typescript);
  // Without workers the main thread simply takes everything.
  const [mainQueue, workerQueue] = workerCount ? [script, python] : [[...script, ...python], []];
  const takeFrom = (own: number[], other: number[], size: number, minToCrossOver: number, fromBack = false): number[] => {
    if (own.length) return fromBack ? own.splice(-Math.min(size, own.length)).reverse() : own.splice(0, size);
    // Crossing over, files go cold (that language's parser loads and warms up on this thread):
    // small batches, so neither thread ends up waiting long on the other's last one.
    // While much is left, larger ones: a thread busy with a long batch of its own (the main thread
    // with files through the TypeScript parser while it warms up) must not leave the other idle.
    const crossOverSize = Math.max(CROSS_OVER_BATCH_SIZE, Math.min(BATCH_SIZE, Math.floor(other.length / 16)));
    return other.length >= minToCrossOver ? other.splice(0, crossOverSize) : [];
  };
  /** Once a thread has paid to warm up the other side's language, it helps with that side's tail too. */
  let workersCrossedOver = false;
  let mainCrossedOver = false;
  const takeForWorker = () => {
    const crossing = workerQueue.length === 0;
    const batch = takeFrom(workerQueue, mainQueue, BATCH_SIZE, workersCrossedOver ? 1 : MIN_QUEUE_TO_CROSS_OVER);
    if (crossing && batch.length > 0) workersCrossedOver = true;
    return batch;
  };
  const takeForMain = () => {
    const crossing = mainQueue.length === 0;
    const batch = takeFrom(mainQueue, workerQueue, MAIN_BATCH_SIZE, mainCrossedOver ? 1 : MIN_QUEUE_TO_CROSS_OVER, workerCount > 0);
    if (crossing && batch.length > 0) mainCrossedOver = true;
    return batch;
  };
  const workers = Array.from({ length: workerCount }, adoptWorker);
  discardPrestartedWorkers();
  const workerLoops = workers.map(
    (worker) =>
      new Promise<void>((resolve, reject) => {
        // Batches sent and not yet answered, oldest first. Three stay in flight so a worker never
        // waits for the main thread (busy with a batch of its own) to hand it the next one.
        const inFlight: number[][] = [];
        const topUp = (limit = BATCHES_IN_FLIGHT) => {
          while (inFlight.length < limit) {
            const batch = takeForWorker();
            if (batch.length === 0) break;
            inFlight.push(batch);
            worker.postMessage(batch.map((i) => tasks[i]));
          }
          if (inFlight.length === 0) resolve();
        };
        worker.on('message', (batch: AnalyseResult[]) => {
          const pending = inFlight.shift()!;
          batch.forEach((result, k) => {
            if (result.deferred) {
              if (result.typeScriptFallback) resumes.set(pending[k], result.typeScriptFallback);
              return void deferred.push(pending[k]);
            }
            results[pending[k]] = result;
            onResult(result);
          });
          topUp();
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (inFlight.length && code !== 0) reject(new Error(`analysis worker exited with code ${code}`));
        });
        topUp(alongsideWork ? BATCHES_BEFORE_ALONGSIDE : BATCHES_IN_FLIGHT);
      }),
  );
  // Files a worker handed back because they need the TypeScript parser (main thread only).
  const deferred: number[] = [];
  const resumes = new Map<number, NonNullable<AnalyseResult['typeScriptFallback']>>();
  const analyseHere = (i: number) => {
    const resume = resumes.get(i);
    results[i] = analyseFile(resume ? { ...tasks[i], typeScriptFallback: resume } : tasks[i]);
    onResult(results[i]);
  };
  // The main thread works too, yielding between batches so worker replies are handled promptly;
  // it takes handed-back files first, so TypeScript loads early rather than at the end.
  const mainLoop = async () => {
    for (;;) {
      const batch = deferred.length ? deferred.splice(0, DEFERRED_BATCH_SIZE) : takeForMain();
      if (batch.length === 0) return;
      batch.forEach(analyseHere);
      await new Promise((r) => setImmediate(r));
    }
  };
  try {
    if (workers.length) {
      // The workers' first batches are on their way: let them start before the main thread is busy.
      await new Promise((r) => setImmediate(r));
      alongside?.();
    }
    await mainLoop();
    await Promise.all(workerLoops);
    // What the workers handed back, and what neither side crossed over for.
    [...deferred.splice(0), ...workerQueue.splice(0), ...mainQueue.splice(0)].forEach(analyseHere);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

