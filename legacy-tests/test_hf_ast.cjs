// Audio Spectrogram Transformer - AudioSet tagging
const { pipeline } = require('@xenova/transformers');

const MODEL_ID = 'Xenova/ast-finetuned-audioset-10-10-0.4593';
const AUDIO_URL = 'https://huggingface.co/datasets/Xenova/transformers.js-docs/resolve/main/cat_meow.wav';

(async () => {
  const classifier = await pipeline('audio-classification', MODEL_ID);
  const output = await classifier(AUDIO_URL, { topk: 4 });
  console.log(output);
  console.assert(output[0].label === 'Meow', `expected Meow, got ${output[0].label}`);
})();
