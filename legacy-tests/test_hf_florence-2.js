// Florence-2: task prompts such as <CAPTION> go through the model class, not a pipeline.
const { AutoProcessor, Florence2ForConditionalGeneration, RawImage } = require('@huggingface/transformers');

const MODEL_ID = 'onnx-community/Florence-2-base-ft';

(async () => {
  const processor = await AutoProcessor.from_pretrained(MODEL_ID);
  const model = await Florence2ForConditionalGeneration.from_pretrained(MODEL_ID);
  const image = await RawImage.read('test.jpg');
  const prompts = processor.construct_prompts('<CAPTION>');
  const inputs = await processor(image, prompts);
  const ids = await model.generate({ ...inputs, max_new_tokens: 20 });
  console.assert(ids.dims[0] === 1, 'one caption');
})();
