// Zero-shot classification with a DeBERTa-v3 NLI model (model_type deberta-v2)
import { pipeline } from '@huggingface/transformers';

const MODEL_ID = 'Xenova/nli-deberta-v3-xsmall';

const text = 'I have a problem with my iphone that needs to be resolved asap!';
const candidate_labels = ['urgent', 'not urgent', 'phone', 'tablet', 'computer'];

const classifier = await pipeline('zero-shot-classification', MODEL_ID);
const output = await classifier(text, candidate_labels, { multi_label: true });
console.log(output);
console.assert(output.labels[0] === 'urgent' || output.labels[0] === 'phone');
