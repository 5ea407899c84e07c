// M2M100 multilingual translation (CommonJS)
const { pipeline } = require('@xenova/transformers');

const MODEL_ID = 'Xenova/m2m100_418M';

const cases = [
  { text: 'जीवन एक चॉकलेट बॉक्स की तरह है।', src_lang: 'hi', tgt_lang: 'fr' },
  { text: '生活就像一盒巧克力。', src_lang: 'zh', tgt_lang: 'en' },
  { text: 'Ça va? Très bien — merci! 😀', src_lang: 'fr', tgt_lang: 'de' },
];

async function main() {
  const translator = await pipeline('translation', MODEL_ID);
  for (const { text, src_lang, tgt_lang } of cases) {
    const out = await translator(text, { src_lang, tgt_lang });
    console.log(`[${src_lang}->${tgt_lang}]`, text, '=>', out[0].translation_text);
  }
}

main();
