// HuBERT feature extraction + (mis-labelled) classification test
const { pipeline, AutoModel, AutoProcessor, read_audio } = require('@xenova/transformers');

const MODEL_ID = 'Xenova/hubert-base-ls960';

async function main() {
  const processor = await AutoProcessor.from_pretrained(MODEL_ID);
  const model = await AutoModel.from_pretrained(MODEL_ID);
  const audio = await read_audio('test.mp3', 16000);
  const inputs = await processor(audio);
  const { last_hidden_state } = await model(inputs);
  console.log('hidden', last_hidden_state.dims);
  console.assert(last_hidden_state.dims[2] === 768);

  const classifier = await pipeline('text-classification', MODEL_ID);
  console.log(await classifier('test.mp3'));
}

main();
