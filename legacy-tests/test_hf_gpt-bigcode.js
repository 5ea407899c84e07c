// StarCoder-style code completion (gpt_bigcode, multi-query attention) with transformers.js.
const { pipeline } = require('@xenova/transformers');

const MODEL_ID = 'bigcode/tiny_starcoder_py';
const prompts = ['def fibonacci(n):', 'class Stack:\n    def push(self, item):'];

(async () => {
  const generator = await pipeline('text-generation', MODEL_ID);
  for (const prompt of prompts) {
    const t0 = Date.now();
    const [{ generated_text }] = await generator(prompt, { max_new_tokens: 24, do_sample: false });
    console.log(`${Date.now() - t0} ms`, JSON.stringify(generated_text));
    console.assert(generated_text.startsWith(prompt), 'completion must keep the prompt');
  }
})();
