// BERT fill-mask smoke test for transformers.js (node)
// usage: node test_hf_bert.js
const { pipeline, env } = require('@xenova/transformers');

env.allowLocalModels = false;

const MODEL_ID = 'Xenova/bert-base-uncased';

const inputs = [
  'The capital of France is [MASK].',
  'The goal of life is [MASK].',
];

async function main() {
  console.time('load');
  const unmasker = await pipeline('fill-mask', MODEL_ID);
  console.timeEnd('load');

  for (const text of inputs) {
    const output = await unmasker(text, { topk: 5 });
    console.log(text, '=>', output.map((o) => `${o.token_str} (${o.score.toFixed(3)})`).join(', '));
    if (text.startsWith('The capital')) {
      console.assert(output[0].token_str === 'paris', `expected paris, got ${output[0].token_str}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
