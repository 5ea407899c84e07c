const { pipeline } = require('@xenova/transformers');

const MODEL_ID = 'Xenova/deit-tiny-distilled-patch16-224';
const TASK = 'image-segmentation';

const images = [
  'http://images.cocodataset.org/val2017/000000039769.jpg',
  './fixtures/dog.png',
];

async function main() {
  const pipe = await pipeline(TASK, MODEL_ID);
  for (const img of images) {
    try {
      const out = await pipe(img);
      console.log(img, JSON.stringify(out).slice(0, 200));
    } catch (e) {
      console.error(`failed on ${img}: ${e.message}`);
    }
  }
}

main();
