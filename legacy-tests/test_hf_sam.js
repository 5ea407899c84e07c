// SAM through SamModel (no transformers.js pipeline for mask generation).
const { SamModel, AutoProcessor, RawImage } = require('@huggingface/transformers');

const MODEL_ID = 'Xenova/sam-vit-base';

async function run() {
  const model = await SamModel.from_pretrained(MODEL_ID);
  const processor = await AutoProcessor.from_pretrained(MODEL_ID);
  const image = await RawImage.read('images/cats.jpg');
  const inputs = await processor(image, { input_points: [[[340, 250]]] });
  const { pred_masks, iou_scores } = await model(inputs);
  console.assert(iou_scores.dims[2] === 3, 'three masks per point');
  const masks = await processor.post_process_masks(pred_masks, inputs.original_sizes, inputs.reshaped_input_sizes);
  console.log(masks[0].dims;
}
run();
