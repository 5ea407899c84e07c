import { pipeline, ImageFeatureExtractionPipeline, Tensor } from '@huggingface/transformers';

const MODEL_ID = 'onnx-community/dinov2-small';
const IMAGES: string[] = [
  'http://images.cocodataset.org/val2017/000000039769.jpg',
  'test.jpg',
];

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] ** 2; nb += b[i] ** 2; }
  return dot / Math.sqrt(na * nb);
}

async function main(): Promise<void> {
  const extractor = <ImageFeatureExtractionPipeline>await pipeline('image-feature-extraction', MODEL_ID);
  const feats: Tensor[] = [];
  for (const img of IMAGES) feats.push(await extractor(img) as Tensor);
  console.log('dims', feats[0].dims);
  const sim = cosine(feats[0].data as Float32Array, feats[1].data as Float32Array);
  console.log('similarity', sim.toFixed(4));
}

main();
