import { extract } from '../../src/extract';

const py = (lines: string[]): string => lines.join('\n') + '\n';
const run = (lines: string[]) => extract(py(lines), 'test_hf_bert.py');

describe('Python parse problems are reported truthfully', () => {
  it('a valid file is clean', () => {
    const x = run([
      'import os',
      'class TestBertModels:',
      '    def __init__(self, model_id="bert-base-uncased"):',
      '        self.model_id = model_id',
      '        x = [a',
      '             for a in range(3)',
      '             if a]',
      '        y = (1 if x else',
      '             2)',
      '    async def run(self):',
      '        async with lock: pass',
      '        match x:',
      '            case 1: pass',
      'try: import torch',
      'except ImportError: torch = None',
      'if True: x = 1; y = 2',
      's = f"{x!r:>{width}} {d["k"]}"',
      'long = """a',
      'b"""; z = \\',
      '    3',
    ]);
    expect(x.parse).toEqual({ clean: true, errors: [] });
  });

  it('unmatched `)` (the most common breakage)', () => {
    const x = run(['def f():', '    return x)', 'MODEL_ID = "bert-base-uncased"']);
    expect(x.parse.clean).toBe(false);
    expect(x.parse.errors).toEqual(["line 2: unmatched ')'"]);
    expect(x.modelIds.map((f) => f.value)).toEqual(['bert-base-uncased']);
  });

  it('mismatched closing bracket', () => {
    const x = run(['x = [1, 2)', 'y = 3']);
    expect(x.parse.errors[0]).toBe("line 1: closing parenthesis ')' does not match opening parenthesis '[' on line 1");
    expect(x.parse.errors).toContain("line 1: '[' was never closed");
  });

  it('bracket left open: recovers at the next statement keyword and keeps extracting', () => {
    const x = run([
      'class TestBert:',
      '    def test(self):',
      '        out = pipe("Paris is the [MASK] of France."',
      '    def other(self, model_id="google-bert/bert-base-uncased"):',
      '        pass',
    ]);
    expect(x.parse.errors).toEqual(["line 3: '(' was never closed"]);
    expect(x.modelIds).toEqual([{ value: 'google-bert/bert-base-uncased', construct: 'model_id= default', line: 4 }]);
    expect(x.inputs.maskedTexts.map((f) => f.value)).toEqual(['Paris is the [MASK] of France.']);
  });

  it('bracket left open: recovers when indentation falls below the opening line', () => {
    const x = run(['if x:', '    y = foo(1,', 'MODEL_ID = "gpt2"']);
    expect(x.parse.errors).toEqual(["line 2: '(' was never closed"]);
    expect(x.modelIds.map((f) => [f.value, f.line])).toEqual([['gpt2', 3]]);
  });

  it('EOF inside brackets (truncated registry) still yields the entries before the cut', () => {
    const x = run(['LAYOUTLM_MODELS_REGISTRY = {', '    "impira/layoutlm-document-qa": {', '        "task": "document-question-answering",']);
    expect(x.parse.errors).toEqual(["line 1: '{' was never closed", "line 2: '{' was never closed"]);
    expect(x.modelIds.map((f) => f.value)).toEqual(['impira/layoutlm-document-qa']);
    expect(x.tasks.map((f) => f.value)).toEqual(['document-question-answering']);
  });

  it('unterminated single-quoted string', () => {
    const x = run(['x = "abc', 'MODEL_ID = "gpt2"']);
    expect(x.parse.errors).toEqual(['line 1: unterminated string literal (detected at line 1)']);
    expect(x.modelIds.map((f) => f.value)).toEqual(['gpt2']);
  });

  it('EOF inside a triple-quoted string / f-string', () => {
    expect(run(['MODEL_ID = "gpt2"', 'doc = """never', 'closed']).parse.errors).toEqual([
      'line 2: unterminated triple-quoted string literal (detected at line 4)',
    ]);
    expect(extract('x = f"{value', 'test_hf_a.py').parse.errors).toEqual(['line 1: unterminated string literal (detected at line 1)']);
  });

  it('two methods run together on one line', () => {
    const x = run(['class T:', '    def __init__(self):', '        self.stats = {}    def test_pipeline(self):', '        pass']);
    // the run-together `def` header leaves its body at the old indentation: reported too
    expect(x.parse.errors).toEqual(["line 3: 'def' is not at the start of a statement", 'line 4: expected an indented block after line 3']);
  });

  it('statements run together without a separator', () => {
    expect(run(['try:    import torch    HAS_TORCH = True', 'except ImportError:', '    pass']).parse.errors).toEqual([
      "line 1: invalid syntax: 'HAS_TORCH' directly follows an expression (statements run together?)",
    ]);
    expect(run(['def f():', '    return {"a": 1}        return {"a": 1}']).parse.errors).toEqual([
      "line 2: invalid syntax: 'return' directly follows an expression (statements run together?)",
    ]);
  });

  it('a statement on the `try:` line followed by an indented block', () => {
    const x = run(['try: import torch', '    HAS_TORCH = True', 'except ImportError:', '    HAS_TORCH = False']);
    expect(x.parse.errors).toEqual(['line 2: unexpected indent']);
  });

  it('a compound statement where Python forbids it', () => {
    expect(run(['try: with open("f") as fh: data = fh.read()', 'except Exception: pass']).parse.errors).toEqual([
      "line 1: compound statement 'with' cannot follow ':' on the same line",
    ]);
    expect(run(['try:', '    x = 1', 'except ImportError: if x: pass']).parse.errors).toEqual([
      "line 3: compound statement 'if' cannot follow ':' on the same line",
    ]);
    expect(run(['x = 1; class A: pass']).parse.errors).toEqual(["line 1: 'class' is not at the start of a statement"]);
  });

  it('indentation jumping in and out of class bodies', () => {
    expect(run(['class A:', '    def f(self):', '        x = 1', '      y = 2']).parse.errors).toEqual([
      'line 4: unindent does not match any outer indentation level',
    ]);
    expect(run(['class A:', '    x = 1', '        y = 2']).parse.errors).toEqual(['line 3: unexpected indent']);
    expect(run(['def f():', 'return 1']).parse.errors).toEqual(['line 2: expected an indented block after line 1']);
    expect(run(['def f():']).parse.errors).toEqual(['line 1: expected an indented block at end of file']);
  });

  it('repeated return / assignment lines with extra indent', () => {
    expect(run(['def f():', '    return 1', '        return 1']).parse.errors).toEqual(['line 3: unexpected indent']);
    expect(run(['def f():', '    x = 1', '    x = 1', '    return x']).parse.clean).toBe(true);
  });

  it('NUL bytes and stray characters', () => {
    expect(extract('x = 1\u0000\n', 'test_hf_a.py').parse.errors).toEqual(['line 1: source code cannot contain null bytes']);
    expect(extract('x = $y\n', 'test_hf_a.py').parse.errors).toEqual(["line 1: invalid character '$' (U+0024)"]);
    expect(extract('x = 1 \\ 2\n', 'test_hf_a.py').parse.errors[0]).toBe('line 1: unexpected character after line continuation character');
  });

  it('caps the error list on garbage input', () => {
    const x = extract('$'.repeat(1000), 'test_hf_a.py');
    expect(x.parse.errors).toHaveLength(101);
    expect(x.parse.errors[100]).toBe('… 900 more errors');
  });

  it('Windows and old-Mac line endings count lines the same way', () => {
    const crlf = extract('import os\r\nMODEL_ID = "gpt2"\r\nx = (\r\n1)\r\nTASK = "text-generation"\r\n', 'test_hf_gpt2.py');
    expect(crlf.parse.clean).toBe(true);
    expect(crlf.tasks).toEqual([{ value: 'text-generation', construct: 'TASK =', line: 5 }]);
    const cr = extract('import os\rMODEL_ID = "gpt2"\r', 'test_hf_gpt2.py');
    expect(cr.modelIds).toEqual([{ value: 'gpt2', construct: 'MODEL_ID =', line: 2 }]);
  });
});
