// MobileViT small - image classification
const { pipeline } = require('@xenova/transformers');

const MODEL_ID = 'Xenova/mobilevit-small';

async function main() {
  const classifier = await pipeline('image-to-text', MODEL_ID);
  const output = await classifier('http://images.cocodataset.org/val2017/000000039769.jpg', { topk: 5 });
  console.log(output);
  console.assert(output.length === 5);
}
<<<<<<< HEAD
main();
=======
main().catch(console.error);
>>>>>>> feature/mobilevit-errors
