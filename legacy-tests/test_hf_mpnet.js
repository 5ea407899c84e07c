// Sentence embeddings with all-mpnet-base-v2
const { pipeline, cos_sim } = require('@xenova/transformers');

const MODEL_ID = 'Xenova/all-mpnet-base-v2';

const sentences = [
  'That is a happy person',
  'That is a happy dog',
  'Today is a sunny day',
];

async function main() {
  const extractor = await pipeline('feature-extraction', MODEL_ID);
  const output = await extractor(sentences, { pooling: 'mean', normalize: true });
  const vectors = output.tolist();
  const simDog = cos_sim(vectors[0], vectors[1]);
  const simDay = cos_sim(vectors[0], vectors[2]);
  console.log({ simDog, simDay });
  console.assert(simDog > simDay, 'happy person should be closer to happy dog');
  console.assert(vectors[0].length === 768);
}

main();
