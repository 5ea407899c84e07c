// Depth Anything (small) with transformers.js: monocular depth of a local photo.
const { pipeline, RawImage } = require('@xenova/transformers');

const MODEL_ID = 'Xenova/depth-anything-small-hf';
const IMAGE_PATH = 'images/living_room.png';

async function main() {
  const estimator = await pipeline('depth-estimation', MODEL_ID, { quantized: false });
  const image = await RawImage.read(IMAGE_PATH);
  const t0 = Date.now();
  const { predicted_depth, depth } = await estimator(image);
  console.log(`depth in ${Date.now() - t0} ms`, predicted_depth.dims, depth.width, depth.height);
  console.assert(depth.width === image.width && depth.height === image.height, 'depth map must match the input size');
  await depth.save('depth.png');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
