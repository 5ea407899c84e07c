/*
 * Measures catalog load cost and resolve() throughput.
 *   node -r esbuild-register scripts/measure-resolve.ts [calls]
 */
import { performance } from 'node:perf_hooks';
import type { Extraction, Found } from '../src/extract/types';

function ms(start: number): string {
  return `${(performance.now() - start).toFixed(2)} ms`;
}

const f = (value: string, line = 1): Found => ({ value, construct: 'measure', line });
function extraction(fileModelName: string, extra: Partial<Extraction> = {}): Extraction {
  return {
    language: 'python', fileModelName, variant: 'base', kind: 'model-test', parse: { clean: true, errors: [] },
    modelIds: [], tasks: [], modelTypes: [], architectures: [], classNames: [],
    inputs: { texts: [], maskedTexts: [], candidateLabels: [], questions: [], images: [], audio: [] }, expected: [], ...extra,
  };
}

let t = performance.now();
require('../src/catalog/catalog.json');
console.log(`require catalog.json (parse): ${ms(t)}`);
t = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadCatalog } = require('../src/catalog') as typeof import('../src/catalog');
const { resolve } = require('../src/resolve') as typeof import('../src/resolve');
console.log(`require catalog + resolve modules (incl. on-the-fly TS compile): ${ms(t)}`);
t = performance.now();
const catalog = loadCatalog();
console.log(`loadCatalog() (memoized after this): ${ms(t)}`);
t = performance.now();
catalog.lookupName('xlm_roberta');
console.log(`first name lookup (builds entry + alias maps): ${ms(t)}`);
t = performance.now();
catalog.canonicalTask('ner');
console.log(`first task lookup (builds task map): ${ms(t)}`);

const samples: Extraction[] = [
  extraction('xlm_roberta', { modelIds: [f('xlm_roberta-base'), f('FacebookAI/xlm-roberta-base')], tasks: [f('fill-mask')], architectures: [f('XLMRobertaForMaskedLM')] }),
  extraction('bert', { modelTypes: [f('xlm-roberta')], classNames: [f('TestXlmRobertaModels')], modelIds: [f('bert-base-uncased')], tasks: [f('sentiment-analysis')] }),
  extraction('t5_small', { tasks: [f('text-generation')], architectures: [f('T5ForConditionalGeneration')] }),
  extraction('flan-t5', { modelIds: [f('google/flan-t5-small')] }),
  extraction('gpt_j_6b', { modelIds: [f('EleutherAI/gpt-j-6B')], tasks: [f('text-generation')] }),
  extraction('vit_base_patch16_224', { tasks: [f('image-classification')] }),
  extraction('my_custom_model', { modelIds: [f('./local/model')] }),
  extraction('parakeet'),
  extraction('unnamed', { architectures: [f('AutoModelForCausalLM'), f('GPTNeoXForCausalLM')] }),
  extraction('wav2vec2_conformer', { tasks: [f('asr')], modelIds: [f('facebook/wav2vec2-conformer-rel-pos-large')] }),
];
const calls = Number(process.argv[2] ?? 10000);
for (const s of samples) resolve(s, catalog); // warm up
t = performance.now();
for (let i = 0; i < calls; i++) resolve(samples[i % samples.length], catalog);
const elapsed = performance.now() - t;
console.log(`resolve(): ${calls} calls in ${elapsed.toFixed(1)} ms → ${Math.round(calls / (elapsed / 1000)).toLocaleString('en-US')} calls/s (${((elapsed * 1000) / calls).toFixed(1)} µs/call)`);
