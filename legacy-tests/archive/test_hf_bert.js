/* eslint-disable no-console */
// Archived: BERT sentiment + NER checks from the 2023 transformers.js spike.
const { pipeline } = require('@xenova/transformers');

const SENTIMENT_MODEL = 'Xenova/bert-base-multilingual-uncased-sentiment';
const NER_MODEL = 'Xenova/bert-base-NER';

const reviews = [
  'Ce produit est vraiment génial, je le recommande !',
  'Das war leider eine totale Enttäuschung.',
  'It works, nothing special.',
];

async function run() {
  const classifier = await pipeline('sentiment-analysis', SENTIMENT_MODEL);
  for (const review of reviews) {
    const [result] = await classifier(review);
    console.log(`${result.label.padEnd(8)} ${result.score.toFixed(3)}  ${review}`));
  }

  const ner = await pipeline('token-classification', NER_MODEL);
  const entities = await ner('My name is Wolfgang and I live in Berlin');
  console.assert(entities.some((e) => e.entity === 'B-PER'), 'expected a person entity');
  console.assert(entities.some((e) => e.entity === 'B-LOC'), 'expected a location entity');
}

run();
