import { extract } from '../../src/extract';

const py = (lines: string[]): string => lines.join('\n') + '\n';

describe('Python constructs, with provenance', () => {
  const file = py([
    /* 1 */ '#!/usr/bin/env python3',
    /* 2 */ '"""Test for XLM-RoBERTa: fills the <mask> token in a sentence."""',
    /* 3 */ 'import argparse',
    /* 4 */ 'from transformers import AutoTokenizer, XLMRobertaForMaskedLM, MockBertModel',
    /* 5 */ 'XLM_ROBERTA_MODELS_REGISTRY = {',
    /* 6 */ '    "xlm-roberta-base": {',
    /* 7 */ '        "description": "XLM-RoBERTa base",',
    /* 8 */ '        "class": "XLMRobertaForMaskedLM",',
    /* 9 */ '        "type": "xlm-roberta",',
    /* 10 */ '        "task": "fill-mask",',
    /* 11 */ '        "recommended_tasks": ["fill-mask", "token-classification"],',
    /* 12 */ '        "size": 270 * 1e6,',
    /* 13 */ '    },',
    /* 14 */ '    "FacebookAI/xlm-roberta-large": {"model_type": "xlm-roberta", "class": XLMRobertaForSequenceClassification},',
    /* 15 */ '}',
    /* 16 */ 'MODEL_ID = "FacebookAI/xlm-roberta-base"',
    /* 17 */ 'class TestXlmRobertaModels:',
    /* 18 */ '    MODEL_NAME: str = "xlm-roberta-base"',
    /* 19 */ '    def __init__(self, model_id="FacebookAI/xlm-roberta-base", model_name: str = "xlm-roberta-large", device=None):',
    /* 20 */ '        self.task = "fill-mask"',
    /* 21 */ '        self.model_type = "xlm-roberta"',
    /* 22 */ '        self.test_text = "The capital of France is <mask>."',
    /* 23 */ '    def test_pipeline(self):',
    /* 24 */ '        pipe = transformers.pipeline("fill-mask", model="xlm-roberta-base", device=-1)',
    /* 25 */ '        out = pipe("Paris is the <mask> of France.")',
    /* 26 */ '        assert out[0]["token_str"] == "capital"',
    /* 27 */ '        m = transformers.XLMRobertaForTokenClassification.from_pretrained("Davlan/xlm-roberta-base-ner-hrl")',
    /* 28 */ '        if config.model_type == "xlm_roberta":',
    /* 29 */ '            pass',
    /* 30 */ '        gen = pipeline("text-generation", "gpt2")',
    /* 31 */ '        clf = pipeline(task="zero-shot-classification", model="facebook/bart-large-mnli")',
    /* 32 */ 'def main():',
    /* 33 */ '    parser = argparse.ArgumentParser()',
    /* 34 */ '    parser.add_argument("--model", type=str, default="xlm_roberta-base", help="id")',
    /* 35 */ '    parser.add_argument("--model-name", default="roberta-base")',
    /* 36 */ '    parser.add_argument("--device", default="cpu")',
  ]);
  const x = extract(file, 'test_hf_xlm-roberta.py');

  it('is clean and a model test', () => {
    expect(x.parse).toEqual({ clean: true, errors: [] });
    expect(x.kind).toBe('model-test');
  });

  it('model ids from registry keys, constants, signature defaults, pipeline, from_pretrained and argparse', () => {
    expect(x.modelIds).toEqual([
      { value: 'xlm-roberta-base', construct: 'XLM_ROBERTA_MODELS_REGISTRY key', line: 6 },
      { value: 'FacebookAI/xlm-roberta-large', construct: 'XLM_ROBERTA_MODELS_REGISTRY key', line: 14 },
      { value: 'FacebookAI/xlm-roberta-base', construct: 'MODEL_ID =', line: 16 },
      { value: 'xlm-roberta-large', construct: 'model_name= default', line: 19 },
      { value: 'Davlan/xlm-roberta-base-ner-hrl', construct: 'from_pretrained', line: 27 },
      { value: 'gpt2', construct: 'pipeline positional model', line: 30 },
      { value: 'facebook/bart-large-mnli', construct: 'pipeline model=', line: 31 },
      { value: 'xlm_roberta-base', construct: 'argparse --model default', line: 34 },
      { value: 'roberta-base', construct: 'argparse --model-name default', line: 35 },
    ]);
  });

  it('tasks from the registry, self.task and pipeline calls', () => {
    expect(x.tasks).toEqual([
      { value: 'fill-mask', construct: 'XLM_ROBERTA_MODELS_REGISTRY "task"', line: 10 },
      { value: 'token-classification', construct: 'XLM_ROBERTA_MODELS_REGISTRY "recommended_tasks"', line: 11 },
      { value: 'text-generation', construct: 'pipeline task', line: 30 },
      { value: 'zero-shot-classification', construct: 'pipeline task=', line: 31 },
    ]);
  });

  it('model types from registry fields, assignments and config comparisons', () => {
    expect(x.modelTypes).toEqual([
      { value: 'xlm-roberta', construct: 'XLM_ROBERTA_MODELS_REGISTRY "type"', line: 9 },
      { value: 'xlm_roberta', construct: 'model_type ==', line: 28 },
    ]);
  });

  it('architectures from names, registry "class" fields and from_pretrained receivers; not mocks or own classes', () => {
    expect(x.architectures).toEqual([
      { value: 'XLMRobertaForMaskedLM', construct: 'XLM_ROBERTA_MODELS_REGISTRY "class"', line: 8 },
      { value: 'XLMRobertaForSequenceClassification', construct: 'XLM_ROBERTA_MODELS_REGISTRY "class"', line: 14 },
      { value: 'XLMRobertaForTokenClassification', construct: 'XLMRobertaForTokenClassification.from_pretrained', line: 27 },
    ]);
    expect(x.classNames).toEqual([{ value: 'TestXlmRobertaModels', construct: 'class', line: 17 }]);
    const own = extract(py(['class BertForMaskedLM:', '    pass', 'm = BertForMaskedLM()', 'n = BertModel()']), 'test_hf_bert.py');
    expect(own.architectures).toEqual([{ value: 'BertModel', construct: 'class name', line: 4 }]);
  });

  it('masked inputs from named assignments and pipe calls; docstrings are not inputs', () => {
    expect(x.inputs.maskedTexts).toEqual([
      { value: 'The capital of France is <mask>.', construct: 'self.test_text =', line: 22 },
      { value: 'Paris is the <mask> of France.', construct: 'pipe call argument', line: 25 },
    ]);
  });

  it('expected outputs stated by asserts', () => {
    expect(x.expected).toEqual([{ value: { kind: 'token_str', value: 'capital' }, construct: 'assert ==', line: 26 }]);
  });
});

describe('Python inputs', () => {
  const file = py([
    /* 1 */ 'text = "I love this movie!"',
    /* 2 */ 'sentences = [',
    /* 3 */ '    "First sentence.",',
    /* 4 */ '    "Second "',
    /* 5 */ '    "sentence, implicitly concatenated.",',
    /* 6 */ ']',
    /* 7 */ 'prompt = ("Once upon a time"',
    /* 8 */ '          " there was")',
    /* 9 */ 'candidate_labels = ["politics", "sports"]',
    /* 10 */ 'res = classifier("The match was great", candidate_labels=["sports", "economy"])',
    /* 11 */ 'qa(question="Where do I live?", context="I live in Berlin.")',
    /* 12 */ 'example = {"question": "Who wrote it?", "context": "It was written by Ann."}',
    /* 13 */ 'image_url = "http://images.cocodataset.org/val2017/000000039769.jpg"',
    /* 14 */ 'test_image = "test.png"',
    /* 15 */ 'frames = load("images/cat.webp")',
    /* 16 */ 'audio_file = "samples/speech.flac"',
    /* 17 */ 'wav = "https://example.com/a.wav"',
    /* 18 */ 'test_text = "I love this movie!"',
    /* 19 */ 'masked = "Le chat est sur la <extra_id_0>."',
    /* 20 */ 'MASK = "[MASK]"',
    /* 21 */ 'test_input = "cats.jpeg"',
    /* 22 */ 'expected_label = "POSITIVE"',
    /* 23 */ 'self.assertEqual(pred["label"], "NEGATIVE")',
    /* 24 */ 'expected_text = "Bonjour"',
    /* 25 */ 'EXPECTED_SCORE = 0.98',
    /* 26 */ 'messages = [{"role": "user", "content": "Tell me a joke."}]',
    /* 27 */ 'result = gen(text="Summarize: the sky is blue.")',
  ]);
  const x = extract(file, 'test_hf_misc.py');
  const vals = <T>(list: Array<{ value: T }>): T[] => list.map((f) => f.value);

  it('is clean', () => expect(x.parse.errors).toEqual([]));

  it('texts from named assignments, lists, implicit concatenation, chat messages and text= kwargs; deduped', () => {
    expect(x.inputs.texts).toEqual([
      { value: 'I love this movie!', construct: 'text =', line: 1 },
      { value: 'First sentence.', construct: 'sentences =', line: 3 },
      { value: 'Second sentence, implicitly concatenated.', construct: 'sentences =', line: 4 },
      { value: 'Once upon a time there was', construct: 'prompt =', line: 7 },
      { value: 'The match was great', construct: 'pipe call argument', line: 10 },
      { value: 'Tell me a joke.', construct: 'chat message content', line: 26 },
      { value: 'Summarize: the sky is blue.', construct: 'text=', line: 27 },
    ]);
  });

  it('masked texts by shape, but not a bare mask token', () => {
    expect(vals(x.inputs.maskedTexts)).toEqual(['Le chat est sur la <extra_id_0>.']);
  });

  it('candidate labels from assignments and keyword arguments', () => {
    expect(vals(x.inputs.candidateLabels)).toEqual(['politics', 'sports', 'economy']);
    expect(x.inputs.candidateLabels[2]).toEqual({ value: 'economy', construct: 'candidate_labels=', line: 10 });
  });

  it('question/context pairs from keyword arguments and dicts', () => {
    expect(x.inputs.questions).toEqual([
      { value: { question: 'Where do I live?', context: 'I live in Berlin.' }, construct: 'question=/context= arguments', line: 11 },
      { value: { question: 'Who wrote it?', context: 'It was written by Ann.' }, construct: 'question/context dict', line: 12 },
    ]);
  });

  it('images and audio by name and by extension', () => {
    expect(x.inputs.images).toEqual([
      { value: 'http://images.cocodataset.org/val2017/000000039769.jpg', construct: 'image_url =', line: 13 },
      { value: 'test.png', construct: 'test_image =', line: 14 },
      { value: 'images/cat.webp', construct: 'image path', line: 15 },
      { value: 'cats.jpeg', construct: 'test_input =', line: 21 },
    ]);
    expect(x.inputs.audio).toEqual([
      { value: 'samples/speech.flac', construct: 'audio_file =', line: 16 },
      { value: 'https://example.com/a.wav', construct: 'audio URL', line: 17 },
    ]);
  });

  it('expected values from expected_* names and assertEqual', () => {
    expect(x.expected).toEqual([
      { value: { kind: 'label', value: 'POSITIVE' }, construct: 'expected_label =', line: 22 },
      { value: { kind: 'label', value: 'NEGATIVE' }, construct: 'assert ==', line: 23 },
      { value: { kind: 'text', value: 'Bonjour' }, construct: 'expected_text =', line: 24 },
      { value: { kind: 'score', value: 0.98 }, construct: 'EXPECTED_SCORE =', line: 25 },
    ]);
  });

  it('test cases keep the input their expectation belongs to', () => {
    const y = extract(py(['CASES = [', '    {"text": "Great!", "expected": "POSITIVE"},', '    {"text": "Awful.", "expected": "NEGATIVE"},', ']']), 'test_hf_x.py');
    expect(y.expected).toEqual([
      { value: { kind: 'output', value: 'POSITIVE', input: 'Great!' }, construct: 'expected in test case', line: 2 },
      { value: { kind: 'output', value: 'NEGATIVE', input: 'Awful.' }, construct: 'expected in test case', line: 3 },
    ]);
  });

  it('MODEL_ID read from the environment keeps its default', () => {
    const y = extract(py(['MODEL_ID = os.environ.get("QWEN2_MODEL", "Qwen/Qwen2-0.5B-Instruct")', 'FALLBACK_MODEL_ID = "Qwen/Qwen2-7B"']), 'test_hf_qwen2.py');
    expect(y.modelIds).toEqual([
      { value: 'Qwen/Qwen2-0.5B-Instruct', construct: 'MODEL_ID =', line: 1 },
      { value: 'Qwen/Qwen2-7B', construct: 'FALLBACK_MODEL_ID =', line: 2 },
    ]);
  });

  it('rejects values that are not ids / tasks (paths, templates, sentences)', () => {
    const y = extract(py(['model_id = f"{org}/bert"', 'model_name = "not an id"', 'task = "Fill Mask"', 'generate(task="transcribe")']), 'test_hf_x.py');
    expect(y.modelIds).toEqual([]);
    expect(y.tasks).toEqual([]);
  });
});

describe('Python string decoding', () => {
  const one = (literal: string): string | undefined => extract(`text = ${literal}\n`, 'test_hf_x.py').inputs.texts[0]?.value;

  it.each([
    ['"caf\\u00e9"', 'café'],
    ["'it\\'s'", "it's"],
    ['"tab\\tnew\\nline"', 'tab\tnew\nline'],
    ['"\\x41\\101\\U0001F600"', 'AA😀'],
    ['r"C:\\new\\path"', 'C:\\new\\path'],
    ['b"bytes \\u00e9"', 'bytes \\u00e9'],
    ['u"unicode \\N{BULLET} kept"', 'unicode \\N{BULLET} kept'],
    ['f"Hello {name!r} \\u00e9"', 'Hello {name!r} é'],
    ['rf"raw {x} \\d"', 'raw {x} \\d'],
    ["'''tri'ple\n\"quoted\"'''", 'tri\'ple\n"quoted"'],
    ['"日本語のテキスト"', '日本語のテキスト'],
    ['"unknown \\q escape"', 'unknown \\q escape'],
    ['"line \\\ncontinued"', 'line continued'],
  ])('%s', (literal, expected) => {
    expect(one(literal)).toBe(expected);
  });
});

describe('dedupe and provenance', () => {
  it('keeps one entry per value, from its first named construct', () => {
    const x = extract(py([
      'MODEL_ID = "gpt2"',
      'def run(model_id="gpt2"):',
      '    p = pipeline("text-generation", model="gpt2")',
      '    m = GPT2LMHeadModel.from_pretrained("gpt2")',
      '    m2 = GPT2LMHeadModel.from_pretrained("gpt2")',
      'prompt = "Hello"',
      'texts = ["Hello", "World"]',
    ]), 'test_hf_gpt2.py');
    expect(x.modelIds).toEqual([{ value: 'gpt2', construct: 'MODEL_ID =', line: 1 }]);
    expect(x.architectures).toEqual([{ value: 'GPT2LMHeadModel', construct: 'GPT2LMHeadModel.from_pretrained', line: 4 }]);
    expect(x.inputs.texts).toEqual([
      { value: 'Hello', construct: 'prompt =', line: 6 },
      { value: 'World', construct: 'texts =', line: 7 },
    ]);
  });

  it('a multi-line string is reported at the line it starts on', () => {
    const x = extract(py(['x = 1', 'prompt = """First line', 'second line"""', 'MODEL_ID = "gpt2"']), 'test_hf_gpt2.py');
    expect(x.inputs.texts).toEqual([{ value: 'First line\nsecond line', construct: 'prompt =', line: 2 }]);
    expect(x.modelIds[0].line).toBe(4);
  });
});

describe('python: translation inputs', () => {
  const file = py([
    /* 1 */ 'SOURCES = ["UN Chief Says There Is No Military Solution in Syria"]',
    /* 2 */ 'class TestMBart:',
    /* 3 */ '    def __init__(self):',
    /* 4 */ '        self.src_lang = "en_XX"',
    /* 5 */ '        self.tgt_lang = "ro_RO"',
    /* 6 */ '    def test_pipeline(self):',
    /* 7 */ '        t = pipeline("translation", model="facebook/mbart-large-en-ro", src_lang=self.src_lang, tgt_lang="de_DE")',
    /* 8 */ '        target_language = "not a language code"',
    /* 9 */ 'CASES = [("hi", "fr", "Life is like a box."), ("Guten Tag", "de", "en"), ("en", "fr", "ro"), ("xx", "yy")]',
  ]);
  const x = extract(file, 'test_hf_mbart.py');

  it('language codes from assignments and keyword arguments, in file order; a variable or a sentence is not one', () => {
    expect(x.inputs.sourceLanguages).toEqual([{ value: 'en_XX', construct: 'self.src_lang =', line: 4 }]);
    expect(x.inputs.targetLanguages).toEqual([
      { value: 'ro_RO', construct: 'self.tgt_lang =', line: 5 },
      { value: 'de_DE', construct: 'tgt_lang=', line: 7 },
    ]);
  });

  it('language-coded tuples are texts with their own pair, in either order; three codes or two items are not', () => {
    expect(x.inputs.translationCases).toEqual([
      { value: { text: 'Life is like a box.', source: 'hi', target: 'fr' }, construct: 'language-coded tuple', line: 9 },
      { value: { text: 'Guten Tag', source: 'de', target: 'en' }, construct: 'language-coded tuple', line: 9 },
    ]);
  });

  it('source sentences are input texts', () => {
    expect(x.inputs.texts).toEqual([{ value: 'UN Chief Says There Is No Military Solution in Syria', construct: 'SOURCES =', line: 1 }]);
  });
});
