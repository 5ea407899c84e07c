import { AutoTokenizer, AutoModelForCausalLM } from '@huggingface/transformers';

const MODEL_ID = 'Xenova/codegen-350M-mono';

enum Lang { Python = 'python', JavaScript = 'javascript' }

interface Prompt<T extends Lang = Lang> {
  lang: T;
  code: string;
}

const prompts: Prompt[] = [
  { lang: Lang.Python, code: 'def hello_world():' },
  { lang: Lang.Python, code: '# check if a string is a palindrome\ndef is_palindrome(s: str) -> bool:' },
  { lang: Lang.JavaScript, code: 'const re = /\\d+\\.\\d+/g; // versions like 1.2\nfunction versions(text) {' },
];

async function run(): Promise<void> {
  const tokenizer = await AutoTokenizer.from_pretrained(MODEL_ID);
  const model = await AutoModelForCausalLM.from_pretrained(MODEL_ID);
  for (const p of prompts) {
    const inputs = tokenizer(p.code);
    const out = await model.generate({ ...inputs, max_new_tokens: 32 });
    const text = tokenizer.decode((out as any)[0], { skip_special_tokens: true }) as string;
    console.log(`--- ${p.lang}\n${text}`);
  }
}

run();
