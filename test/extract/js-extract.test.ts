import { extract } from '../../src/extract';

const js = (lines: string[]): string => lines.join('\n') + '\n';
const vals = <T>(list: Array<{ value: T }>): T[] => list.map((f) => f.value);

describe('JavaScript constructs, with provenance', () => {
  const file = js([
    /* 1 */ "import { pipeline, AutoModelForSequenceClassification, env } from '@huggingface/transformers';",
    /* 2 */ "const MODEL_ID = 'Xenova/distilbert-base-uncased-finetuned-sst-2-english';",
    /* 3 */ "const NER_MODEL = process.env.NER_MODEL ?? 'Xenova/bert-base-NER';",
    /* 4 */ 'class TestDistilbertWeb {',
    /* 5 */ "  modelName = 'Xenova/distilbert-base-uncased';",
    /* 6 */ "  async run(modelId = 'Xenova/bert-base-uncased') {",
    /* 7 */ "    const classifier = await pipeline('sentiment-analysis', MODEL_ID);",
    /* 8 */ "    const out = await classifier('I love transformers!');",
    /* 9 */ "    console.assert(out[0].label === 'POSITIVE', 'unexpected label');",
    /* 10 */ "    expect(out[0].score).toBe(0.99);",
    /* 11 */ "    const unmasker = await pipeline('fill-mask', 'Xenova/bert-base-cased');",
    /* 12 */ "    await unmasker(\"Hello I'm a [MASK] model.\");",
    /* 13 */ "    const answerer = await pipeline('question-answering');",
    /* 14 */ "    await answerer('Who was Jim Henson?', 'Jim Henson was a nice puppet');",
    /* 15 */ "    const zs = await pipeline('zero-shot-classification', 'Xenova/mobilebert-uncased-mnli');",
    /* 16 */ "    await zs('I have a problem with my iphone', ['urgent', 'not urgent']);",
    /* 17 */ "    const m = await AutoModelForSequenceClassification.from_pretrained('Xenova/roberta-base');",
    /* 18 */ "    const image = 'https://example.com/cats.png';",
    /* 19 */ "    const cases = [{ question: 'Where?', context: 'Here.' }];",
    /* 20 */ "    assert.strictEqual(res.generated_text, 'Bonjour');",
    /* 21 */ "    const audioUrl = 'https://example.com/jfk.wav';",
    /* 22 */ "    const candidateLabels = ['cat', 'dog'];",
    /* 23 */ '  }',
    /* 24 */ '}',
  ]);
  const x = extract(file, 'test_hf_distilbert_web.js');

  it('parses cleanly with Babel', () => expect(x.parse).toEqual({ clean: true, errors: [] }));

  it('model ids from consts, env fallbacks, class fields, defaults, pipeline and from_pretrained', () => {
    expect(x.modelIds).toEqual([
      { value: 'Xenova/distilbert-base-uncased-finetuned-sst-2-english', construct: 'MODEL_ID =', line: 2 },
      { value: 'Xenova/bert-base-NER', construct: 'NER_MODEL =', line: 3 },
      { value: 'Xenova/distilbert-base-uncased', construct: 'modelName =', line: 5 },
      { value: 'Xenova/bert-base-uncased', construct: 'modelId= default', line: 6 },
      { value: 'Xenova/bert-base-cased', construct: 'pipeline positional model', line: 11 },
      { value: 'Xenova/mobilebert-uncased-mnli', construct: 'pipeline positional model', line: 15 },
      { value: 'Xenova/roberta-base', construct: 'from_pretrained', line: 17 },
    ]);
  });

  it('tasks, architectures and test classes', () => {
    expect(vals(x.tasks)).toEqual(['sentiment-analysis', 'fill-mask', 'question-answering', 'zero-shot-classification']);
    expect(x.tasks[0]).toEqual({ value: 'sentiment-analysis', construct: 'pipeline task', line: 7 });
    expect(x.architectures).toEqual([
      { value: 'AutoModelForSequenceClassification', construct: 'AutoModelForSequenceClassification.from_pretrained', line: 17 },
    ]);
    expect(x.classNames).toEqual([{ value: 'TestDistilbertWeb', construct: 'class', line: 4 }]);
  });

  it('inputs from pipe calls (texts, masked, QA pairs, zero-shot labels), objects and named consts', () => {
    expect(x.inputs.texts).toEqual([
      { value: 'I love transformers!', construct: 'pipe call argument', line: 8 },
      { value: 'I have a problem with my iphone', construct: 'pipe call argument', line: 16 },
    ]);
    expect(x.inputs.maskedTexts).toEqual([{ value: "Hello I'm a [MASK] model.", construct: 'pipe call argument', line: 12 }]);
    expect(x.inputs.questions).toEqual([
      { value: { question: 'Who was Jim Henson?', context: 'Jim Henson was a nice puppet' }, construct: 'pipe(question, context)', line: 14 },
      { value: { question: 'Where?', context: 'Here.' }, construct: 'question/context dict', line: 19 },
    ]);
    expect(x.inputs.candidateLabels).toEqual([
      { value: 'urgent', construct: 'pipe call candidate labels', line: 16 },
      { value: 'not urgent', construct: 'pipe call candidate labels', line: 16 },
      { value: 'cat', construct: 'candidateLabels =', line: 22 },
      { value: 'dog', construct: 'candidateLabels =', line: 22 },
    ]);
    expect(x.inputs.images).toEqual([{ value: 'https://example.com/cats.png', construct: 'image =', line: 18 }]);
    expect(x.inputs.audio).toEqual([{ value: 'https://example.com/jfk.wav', construct: 'audioUrl =', line: 21 }]);
  });

  it('expectations from console.assert, expect().toBe and assert.strictEqual', () => {
    expect(x.expected).toEqual([
      { value: { kind: 'label', value: 'POSITIVE' }, construct: 'assert ==', line: 9 },
      { value: { kind: 'score', value: 0.99 }, construct: 'assert ==', line: 10 },
      { value: { kind: 'generated_text', value: 'Bonjour' }, construct: 'assert ==', line: 20 },
    ]);
  });

  it('CommonJS scripts are read too', () => {
    const y = extract(js(["const { pipeline } = require('@xenova/transformers');", '(async () => {', "  const p = await pipeline('fill-mask', 'Xenova/bert-base-uncased');", '})();']), 'test_hf_bert.cjs');
    expect(y.parse.clean).toBe(true);
    expect(vals(y.modelIds)).toEqual(['Xenova/bert-base-uncased']);
  });
});

describe('JS/TS string decoding', () => {
  const one = (literal: string, fileName = 'test_hf_x.js'): string | undefined => extract(`const text = ${literal};\n`, fileName).inputs.texts[0]?.value;

  it.each([
    ["'caf\\u00e9'", 'café'],
    ['"it\\"s"', 'it"s'],
    ["'tab\\tnew\\nline'", 'tab\tnew\nline'],
    ["'\\u{1F600} emoji'", '😀 emoji'],
    ['`plain template \\u00e9`', 'plain template é'],
    ['`with \\`backticks\\``', 'with `backticks`'],
    ['`Hello ${name}, ${a + b}!`', 'Hello ${name}, ${a + b}!'],
    ["'Ignore ${process.exit(1)} as text'", 'Ignore ${process.exit(1)} as text'],
    ["'日本の首都は東京です。'", '日本の首都は東京です。'],
  ])('%s', (literal, expected) => {
    expect(one(literal)).toBe(expected);
    expect(one(literal, 'test_hf_x.ts')).toBe(expected);
  });

  it('masked text without spaces (CJK) is still a masked text', () => {
    const y = extract("const text = '日本の首都は<mask>です。';\nconst token = '<mask>';\n", 'test_hf_xlm-roberta.mjs');
    expect(y.inputs.maskedTexts).toEqual([{ value: '日本の首都は<mask>です。', construct: 'text =', line: 1 }]);
    expect(y.inputs.texts).toEqual([]);
  });
});

describe('TypeScript and broken JS', () => {
  it('TS-only syntax parses with the typescript plugin', () => {
    const y = extract(js([
      'interface Case { text: string; expected: "POSITIVE" | "NEGATIVE" }',
      'enum Task { Cls = "text-classification" }',
      "const MODEL_ID: string = 'Xenova/distilbert' as string;",
      "const cases: Case[] = [{ text: 'Great!', expected: 'POSITIVE' }];",
      'const x = <number>(y as unknown);',
      'type Pair = [string, string];',
    ]), 'test_hf_distilbert.ts');
    expect(y.language).toBe('typescript');
    expect(y.parse).toEqual({ clean: true, errors: [] });
    expect(y.modelIds).toEqual([{ value: 'Xenova/distilbert', construct: 'MODEL_ID =', line: 3 }]);
    expect(y.expected).toEqual([{ value: { kind: 'output', value: 'POSITIVE', input: 'Great!' }, construct: 'expected in test case', line: 4 }]);
  });

  it("Babel's recovered errors make the parse unclean but extraction continues", () => {
    const y = extract(js(["const MODEL_ID = 'Xenova/gpt2';", 'const MODEL_ID = 1;', "const TASK = 'text-generation';"]), 'test_hf_gpt2.js');
    expect(y.parse.clean).toBe(false);
    expect(y.parse.errors[0]).toMatch(/^line 2: Identifier 'MODEL_ID' has already been declared/);
    expect(vals(y.modelIds)).toEqual(['Xenova/gpt2']);
    expect(vals(y.tasks)).toEqual(['text-generation']);
  });

  it.each([
    ['missing }', ["const MODEL_ID = 'Xenova/opus-mt-en-de';", 'function f() {', "  const translator = pipeline('translation', MODEL_ID);"]],
    ['unmatched )', ["const MODEL_ID = 'Xenova/opus-mt-en-de';", "const translator = pipeline('translation', MODEL_ID));"]],
    ['merge conflict markers', ['<<<<<<< HEAD', "const MODEL_ID = 'Xenova/opus-mt-en-de';", '=======', "const translator = pipeline('translation', MODEL_ID);", '>>>>>>> branch']],
    ['stray text line', ["const MODEL_ID = 'Xenova/opus-mt-en-de';", 'TODO: fix this later', "const translator = pipeline('translation', MODEL_ID);"]],
  ])('when Babel gives up (%s) the TypeScript parser takes over', (_kind, lines) => {
    for (const fileName of ['test_hf_marian.js', 'test_hf_marian.ts']) {
      const y = extract(js(lines), fileName);
      expect(y.parse.clean).toBe(false);
      expect(y.parse.errors.length).toBeGreaterThan(0);
      expect(y.parse.errors.every((e) => /^line \d+: /.test(e))).toBe(true);
      expect(vals(y.modelIds)).toEqual(['Xenova/opus-mt-en-de']);
      expect(y.tasks).toEqual([{ value: 'translation', construct: 'pipeline task', line: lines.findIndex((l) => l.includes('pipeline(')) + 1 }]);
    }
  });

  it('the TypeScript fallback reads the same constructs as Babel', () => {
    const lines = [
      "const MODEL_ID = 'Xenova/bert-base-uncased';",
      'class TestBert {',
      "  async run(modelId = 'Xenova/bert-base-cased') {",
      "    const unmasker = await pipeline('fill-mask', MODEL_ID);",
      "    const out = await unmasker(`The capital of France is [MASK].`);",
      "    console.assert(out[0].token_str === 'paris');",
      "    const q = { question: 'Who?', context: 'Me.' };",
      "    const t = `Hi ${name}`; const text = t;",
      '  }',
      '}',
    ];
    const good = extract(js(lines), 'test_hf_bert.js');
    const broken = extract(js([...lines, 'function (']), 'test_hf_bert.js');
    expect(good.parse.clean).toBe(true);
    expect(broken.parse.clean).toBe(false);
    for (const key of ['modelIds', 'tasks', 'classNames', 'inputs', 'expected'] as const) expect(broken[key]).toEqual(good[key]);
  });
});

describe('javascript: translation inputs', () => {
  const x = extract(
    js([
      /* 1 */ "const cases = [{ text: 'Ça va?', src_lang: 'fr', tgt_lang: 'de' }];",
      /* 2 */ "const out = await translator('Hello', { src_lang: 'en', tgt_lang: 'fr' });",
    ]),
    'test_hf_m2m_100.js',
  );

  it('language codes from object properties, in file order', () => {
    expect(vals(x.inputs.sourceLanguages)).toEqual(['fr', 'en']);
    expect(vals(x.inputs.targetLanguages)).toEqual(['de', 'fr']);
    expect(x.inputs.sourceLanguages[0]).toEqual({ value: 'fr', construct: 'src_lang:', line: 1 });
  });

  it('a test case object with a text and its languages is a translation case', () => {
    expect(x.inputs.translationCases).toEqual([{ value: { text: 'Ça va?', source: 'fr', target: 'de' }, construct: 'translation case dict', line: 1 }]);
  });
});
