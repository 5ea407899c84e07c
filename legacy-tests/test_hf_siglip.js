// SigLIP image-text similarity using the model classes directly
const { AutoTokenizer, AutoProcessor, SiglipModel, RawImage, pipeline } = require('@xenova/transformers');

const MODEL_ID = 'Xenova/siglip-base-patch16-224';

async function main() {
  const tokenizer = await AutoTokenizer.from_pretrained(MODEL_ID);
  const processor = await AutoProcessor.from_pretrained(MODEL_ID);
  const model = await SiglipModel.from_pretrained(MODEL_ID);

  const texts = ['a photo of 2 cats', 'a photo of 2 dogs'];
  const text_inputs = tokenizer(texts, { padding: 'max_length', truncation: true });
  const image = await RawImage.read('http://images.cocodataset.org/val2017/000000039769.jpg');
  const image_inputs = await processor(image);

  const output = await model({ ...text_inputs, ...image_inputs });
  const probs = output.logits_per_image.sigmoid().tolist()[0];
  console.log(probs);
  console.assert(probs[0] > probs[1], 'cats should win');

  const captioner = await pipeline('image-to-text', MODEL_ID);
  console.log(await captioner(image));
}

main();
