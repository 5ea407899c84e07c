// Code search: StarCoder2 hidden states as code embeddings (transformers.js).
import { pipeline } from '@huggingface/transformers';

const MODEL_ID = 'bigcode/starcoder2-3b';
const SNIPPETS = [
  'def add(a, b):\n    return a + b',
  'function add(a, b) { return a + b; }',
  'SELECT name FROM users WHERE id = 1;',
];

async function main() {
  const extractor = await pipeline('feature-extraction', MODEL_ID);
  const output = await extractor(SNIPPETS, { pooling: 'mean', normalize: true });
  console.log('embeddings', output.dims);
  if (output.dims[0] !== SNIPPETS.length) throw new Error('one embedding per snippet expected');
}

main();
