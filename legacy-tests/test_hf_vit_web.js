// ViT image classification - web variant (runs in the browser demo and in node >= 18)
import { pipeline, env, RawImage } from '@xenova/transformers';

env.allowLocalModels = false;

const MODEL_ID = 'Xenova/vit-base-patch16-224';
const IMAGE_URL = 'https://huggingface.co/datasets/Xenova/transformers.js-docs/resolve/main/tiger.jpg';

const classifier = await pipeline('image-classification', MODEL_ID);

const image = await RawImage.fromURL(IMAGE_URL);
const output = await classifier(image, { topk: 3 });
console.log(output);
console.assert(output[0].label === 'tiger, Panthera tigris', `unexpected label ${output[0].label}`);

const local = await classifier('test.jpg');
console.log(local);
