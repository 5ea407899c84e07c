// Browser-ish BERT test (bundled with vite for the demo page; also runs in node >= 18)
import { pipeline, env } from '@huggingface/transformers';

env.allowLocalModels = false;
env.useBrowserCache = typeof window !== 'undefined';
env.backends.onnx.wasm.numThreads = 1;

const MODEL_ID = 'Xenova/bert-base-uncased';

const extractor = await pipeline('feature-extraction', MODEL_ID, { dtype: 'q8' });

const sentences = ['This is a simple test.', 'Ceci est un test simple.'];
const embeddings = await extractor(sentences, { pooling: 'mean', normalize: true });

console.log('dims', embeddings.dims);
console.assert(embeddings.dims[0] === 2, 'two sentences in, two vectors out');
console.assert(embeddings.dims[1] === 768, 'bert-base hidden size is 768');

const unmasker = await pipeline('fill-mask', MODEL_ID);
const out = await unmasker('Paris is the [MASK] of France.');
console.log(out[0]);
console.assert(out[0].token_str === 'capital');
