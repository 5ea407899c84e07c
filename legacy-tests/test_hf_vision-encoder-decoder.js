// Image captioning (ViT + GPT-2) via VisionEncoderDecoder
const { pipeline } = require('@xenova/transformers');

const MODEL_ID = 'Xenova/vit-gpt2-image-captioning';

const images = [
  'https://huggingface.co/datasets/Xenova/transformers.js-docs/resolve/main/cats.jpg',
  'test.jpg',
];

async function main() {
  const captioner = await pipeline('image-to-text', MODEL_ID);
  const out = await captioner(images[0]);
  console.log(out);
  console.assert(/cat/.test(out[0].generated_text), 'caption should mention cats');
}

main();
