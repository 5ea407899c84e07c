import { parentPort } from 'node:worker_threads';
import { allowTypeScriptFallback } from '../extract';
import { analyseFile, type AnalyseTask } from './analyse';

// Loading TypeScript costs each thread ~0.2-0.7 s; only the main thread (which emits) loads it.
allowTypeScriptFallback(false);

/** Worker thread: analyses the batches the main thread sends, one reply per batch. */
parentPort!.on('message', (batch: AnalyseTask[]) => {
  parentPort!.postMessage(batch.map(analyseFile));
});
