import { pipeline, ZeroShotObjectDetectionPipeline } from '@huggingface/transformers';

const MODEL_ID = 'Xenova/owlvit-base-patch32';

interface Detection { score: number; label: string; box: { xmin: number; ymin: number; xmax: number; ymax: number } }

const url: string = 'https://huggingface.co/datasets/Xenova/transformers.js-docs/resolve/main/astronaut.png';
const candidate_labels: string[] = ['human face', 'rocket', 'helmet', 'american flag'];

const detector = await pipeline('object-detection', MODEL_ID) as ZeroShotObjectDetectionPipeline;
const output = (await detector(url, candidate_labels, { threshold: 0.1 })) as Detection[];
console.log(output);
console.assert(output.some((d: Detection) => d.label === 'rocket'), 'rocket not found');
