// MarianMT (opus-mt) translation, English -> German
const { pipeline } = require('@xenova/transformers');

const MODEL_ID = 'Xenova/opus-mt-en-de';

const sentences = [
  'My name is Sarah and I live in London',
  'The weather is nice today.',
];

async function main() {
  const translator = await pipeline('translation', MODEL_ID);
  for (const s of sentences) {
    const out = await translator(s);
    console.log(s, '->', out[0].translation_text);
    if (s.startsWith('My name')) {
      console.assert(out[0].translation_text === 'Mein Name ist Sarah und ich lebe in London');
  }

main();
