import { pipeline } from '@huggingface/transformers';

const MODEL_ID = 'Xenova/beit-base-patch16-224';

const classifier = await pipeline('depth-estimation', MODEL_ID);
const url = 'http://images.cocodataset.org/val2017/000000039769.jpg';
const [top] = await classifier(url);
console.log(top);
console.assert(top.label.toLowerCase().includes('cat'), 'expected a cat label');
