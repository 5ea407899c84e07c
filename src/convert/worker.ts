import { parentPort } from 'node:worker_threads';
import { analyseFile, type AnalyseTask } from './analyse';

/** Worker thread: analyses the batches the main thread sends, one reply per batch. */
parentPort!.on('message', (batch: AnalyseTask[]) => {
  parentPort!.postMessage(batch.map(analyseFile));
});
