import { pipeline } from '@huggingface/transformers';

// Tiny llama trained on TinyStories - good enough to check the llama code path.
const MODEL_ID = 'Xenova/llama2.c-stories15M';

const generator = await pipeline('text2text-generation', MODEL_ID);

const prompt = 'Once upon a time, there was a little';
const t0 = performance.now();
const output = await generator(prompt, { max_new_tokens: 30, do_sample: false });
const elapsed = performance.now() - t0;

console.log(output[0].generated_text);
console.log(`took ${elapsed.toFixed(0)} ms`);
console.assert(output[0].generated_text.startsWith(prompt));
