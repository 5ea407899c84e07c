// T5 translation test
const { pipeline } = require('@xenova/transformers');

const MODEL_ID = 'Xenova/t5-small';

const cases = [
  ['translate English to German: The house is wonderful.', 'Das Haus ist wunderbar.'],
  ['translate English to French: How old are you?', 'Quel âge avez-vous?'],
];

(async function () {
  const generator = await pipeline('text-generation', MODEL_ID);
  const translator = await pipeline('translation', MODEL_ID);
  for (const [input, expected] of cases) {
    const [out] = await translator(input);
    console.log(input, '->', out.translation_text);
    console.assert(out.translation_text === expected, `expected "${expected}"`);
  }
  console.log(await generator('summarize: The quick brown fox jumps over the lazy dog.'));
})();
