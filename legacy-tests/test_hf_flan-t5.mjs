import { pipeline } from '@xenova/transformers';

const MODEL_ID = 'Xenova/flan-t5-small';

const generator = await pipeline('text2text-generation', MODEL_ID);

const questions = [
  'Please answer the following question. What is the boiling point of Nitrogen?',
  'Translate to German: My name is Arthur',
];

for (const q of questions) {
  const output = await generator(q, { max_new_tokens: 40 });
  console.log(q, '=>', output[0].generated_text);
}
