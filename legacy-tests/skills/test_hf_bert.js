// Skill check: extractive QA with a BERT model fine-tuned on SQuAD
const { pipeline } = require('@xenova/transformers');

const MODEL_ID = 'Xenova/bert-large-uncased-whole-word-masking-finetuned-squad';

const question = 'Who was Jim Henson?';
const context = 'Jim Henson was a nice puppet who created the Muppets.';

(async () => {
  const answerer = await pipeline('question-answering', MODEL_ID);
  const output = await answerer(question, context);
  console.log(output);
  console.assert(output.answer === 'a nice puppet', `got ${output.answer}`);
})();
