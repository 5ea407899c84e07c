import { pipeline, env } from '@huggingface/transformers';

env.allowRemoteModels = true;

const MODEL_ID = 'Xenova/xlm-roberta-base';

const cases = [
  { text: 'The capital of France is <mask>.', expect: 'Paris' },
  { text: 'La capitale de la France est <mask>.', expect: 'Paris' },
  { text: '日本の首都は<mask>です。', expect: '東京' },
];

async function testFillMask() {
  const unmasker = await pipeline('fill-mask', MODEL_ID);
  for (const { text, expect } of cases) {
    const out = await unmasker(text);
    const tokens = out.map((o) => o.token_str.trim());
    console.log(text, tokens);
    if (!tokens.includes(expect)) {
      console.warn(`expected ${expect} in top-5 for: ${text}`);
  }
}

await testFillMask();
