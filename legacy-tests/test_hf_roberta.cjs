// RoBERTa tests (CommonJS; loads the ESM package with dynamic import)
const assert = require('node:assert');

const MODEL_ID = 'Xenova/roberta-base';
const TASK = 'image-classification';

(async () => {
  const { pipeline, AutoTokenizer } = await import('@huggingface/transformers');

  const tokenizer = await AutoTokenizer.from_pretrained(MODEL_ID);
  const { input_ids } = await tokenizer("Hello I'm a <mask> model.");
  assert.ok(input_ids.dims[1] > 3);

  const pipe = await pipeline(TASK, MODEL_ID);
  const result = await pipe("Hello I'm a <mask> model.");
  console.log(JSON.stringify(result, null, 2));
})();
