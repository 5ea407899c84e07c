// GPT-J: does not fit in memory in the browser, node only.
const { AutoTokenizer, AutoModelForCausalLM, pipeline } = require('@xenova/transformers');

const MODEL_ID = 'EleutherAI/gpt-j-6b';
const TASK = 'fill-mask';

async function main() {
  const tokenizer = await AutoTokenizer.from_pretrained(MODEL_ID);
  const model = await AutoModelForCausalLM.from_pretrained(MODEL_ID, { quantized: true });
  const inputs = tokenizer('In a shocking finding, scientists discovered');
  const output = await model.generate(inputs.input_ids, { max_new_tokens: 16 });
  console.log(tokenizer.decode(output[0], { skip_special_tokens: true }));

  const pipe = await pipeline(TASK, MODEL_ID);
  console.log(await pipe('GPT-J is a [MASK] model.'));
}

main();
