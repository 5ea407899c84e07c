import { pipeline } from '@huggingface/transformers';

const MODEL_ID = 'Xenova/clip-vit-base-patch32';
const url = 'https://huggingface.co/datasets/Xenova/transformers.js-docs/resolve/main/tiger.jpg';
const candidate_labels = ['tiger', 'horse', 'dog'];

const classifier = await pipeline('zero-shot-image-classification', MODEL_ID);
const output = await classifier(url, candidate_labels);
console.log(output);
console.assert(output[0].label === 'tiger', `expected tiger, got ${output[0].label}`);
