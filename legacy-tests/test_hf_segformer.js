// Background removal with a SegFormer checkpoint.
import { pipeline } from '@huggingface/transformers';

const MODEL_ID = 'Xenova/segformer-b0-finetuned-ade-512-512';
const remover = await pipeline('background-removal', MODEL_ID);
const [cutout] = await remover('images/cats.jpg');
console.assert(cutout.channels === 4, 'RGBA output');
