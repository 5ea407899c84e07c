import type { ExtractedExpectation, Extraction, Found, TranslationCase } from './types';
import { type CallArg, type Lit, stringsOf } from './lit';
import * as Rules from './rules';

// A plain object copy: imported bindings compile to getter calls in CommonJS, too slow per token.
const R = { ...Rules };
const CALLS_WITH_RULES = new Set(['pipeline', 'from_pretrained', 'add_argument']);
const ASSERT_EQUAL_CALLS = new Set([
  'assertEqual', 'assertEquals', 'assert_equal', 'assert_equals', 'assertIn', 'strictEqual', 'equal', 'deepEqual', 'deepStrictEqual',
]);

/** How a name got its value; decides the `construct` label of what it yields. */
export type AssignHow = 'assign' | 'default' | 'kwarg' | 'property';

/** Everything the collector accumulated; index.ts adds file-level fields. */
export interface Collected extends Pick<Extraction, 'modelIds' | 'tasks' | 'modelTypes' | 'architectures' | 'classNames' | 'inputs' | 'expected'> {
  /** A `pipeline(...)` or `*.from_pretrained(...)` call was seen (even with non-literal arguments). */
  sawModelCall: boolean;
  /** A string that addresses an HTTP inference service (`/generate`, `text-generation-inference`…). */
  apiServiceEvidence?: Found;
}

/** A Found list that keeps the first occurrence of each value. */
class FoundList<T> {
  readonly items: Found<T>[] = [];
  private readonly seen = new Set<string>();
  add(value: T, key: string, construct: string, line: number): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push({ value, construct, line });
  }
}

/**
 * Receives language-neutral events (assignment, call, comparison, string, identifier, class) from
 * a walker and turns them into Found values. All interpretation rules live here.
 */
export class Collector {
  private readonly modelIds = new FoundList<string>();
  private readonly tasks = new FoundList<string>();
  private readonly modelTypes = new FoundList<string>();
  private readonly architectures = new FoundList<string>();
  private readonly classNames = new FoundList<string>();
  private readonly texts = new FoundList<string>();
  private readonly maskedTexts = new FoundList<string>();
  private readonly candidateLabels = new FoundList<string>();
  private readonly questions = new FoundList<{ question: string; context: string }>();
  private readonly images = new FoundList<string>();
  private readonly audio = new FoundList<string>();
  private readonly sourceLanguages = new FoundList<string>();
  private readonly targetLanguages = new FoundList<string>();
  private readonly translationCases = new FoundList<TranslationCase>();
  private readonly expected = new FoundList<ExtractedExpectation>();
  private readonly definedClasses = new Set<string>();
  private readonly seenIdentifiers = new Set<string>();
  /** Pipeline variables (`pipe = pipeline("fill-mask")`) → their task if known. */
  private readonly pipeVariables = new Map<string, string | undefined>();
  private readonly looseQuestions: Array<{ v: string; line: number }> = [];
  private readonly looseContexts: Array<{ v: string; line: number }> = [];
  private sawModelCall = false;
  private readonly shapeOnly: Array<[FoundList<string>, string, string, number]> = [];
  private apiServiceEvidence?: Found;

  classDef(name: string, line: number): void {
    this.definedClasses.add(name);
    if (R.isTestClassName(name)) this.classNames.add(name, name, 'class', line);
  }

  /** An identifier in code; architecture class names are recognised by shape. */
  identifier(name: string, line: number): void {
    if (this.seenIdentifiers.has(name)) return;
    this.seenIdentifiers.add(name);
    // By shape only: recorded at the end so `X.from_pretrained` / registry provenance wins.
    if (R.isArchitectureName(name)) this.shapeOnly.push([this.architectures, name, 'class name', line]);
  }

  /**
   * A string literal anywhere except docstrings. Recognised only by its shape, so it is recorded
   * after everything else: a named construct (`test_text =`, `pipe(...)`) seen later on the same
   * value gives the better provenance.
   */
  string(v: string, line: number, templated = false): void {
    if (v.length < 5 || v.length > 2000) return;
    const hasSpace = v.includes(' ');
    if (!templated && (v.includes('[') || v.includes('<')) && R.isMaskedText(v)) this.shapeOnly.push([this.maskedTexts, v, 'string literal', line]);
    else if (hasSpace || !v.includes('.')) {
      // neither a file path nor a URL
    } else if (R.isImageRef(v)) this.shapeOnly.push([this.images, v, v.startsWith('http') ? 'image URL' : 'image path', line]);
    else if (R.isAudioRef(v)) this.shapeOnly.push([this.audio, v, v.startsWith('http') ? 'audio URL' : 'audio path', line]);
    if (this.apiServiceEvidence === undefined && (v.includes('/') || v.includes('-inference')) && R.isApiServiceString(v)) {
      this.apiServiceEvidence = { value: v, construct: 'string literal', line };
    }
  }

  /** `target = value` (statement, default parameter, keyword argument or object/dict property). */
  assign(target: string, value: Lit, line: number, how: AssignHow): void {
    const dot = target.lastIndexOf('.');
    const last = dot === -1 ? target : target.slice(dot + 1);
    if (value.t === 'dict') {
      if (/registry$/i.test(last)) this.registry(last, value);
      this.recordDict(value);
      return;
    }
    if (value.t === 'list') {
      for (const item of value.items) {
        if (item.t === 'dict') this.recordDict(item);
        else if (item.t === 'list') this.languageCodedTuple(item);
      }
    }
    if (value.t === 'other' || value.t === 'const') return;
    const name = R.meaningfulName(last);
    if (name === null) return;
    const construct = constructLabel(target, last, how);

    if (R.isModelIdName(name) || R.MODEL_ID_LIST_NAMES.has(name)) {
      for (const s of stringsOf(value)) this.modelId(s.v, construct, s.line);
    } else if (R.TASK_NAMES.has(name) || R.TASK_LIST_NAMES.has(name)) {
      for (const s of stringsOf(value)) this.task(s.v, construct, s.line);
    } else if (R.MODEL_TYPE_NAMES.has(name)) {
      for (const s of stringsOf(value)) this.modelType(s.v, construct, s.line);
    } else if (R.ARCH_NAMES.has(name)) {
      this.architectureValue(value, construct);
    } else if (R.CANDIDATE_LABEL_NAMES.has(name)) {
      this.candidateLabelValue(value, construct);
    } else if (R.QUESTION_NAMES.has(name)) {
      if (value.t === 'str') this.looseQuestions.push(value);
    } else if (R.CONTEXT_NAMES.has(name)) {
      if (value.t === 'str') this.looseContexts.push(value);
    } else if (R.IMAGE_NAMES.has(name)) {
      for (const s of stringsOf(value)) if (R.isImageRef(s.v) || R.isUrlOrPath(s.v)) this.images.add(s.v, s.v, construct, s.line);
    } else if (R.AUDIO_NAMES.has(name)) {
      for (const s of stringsOf(value)) if (R.isAudioRef(s.v) || R.isUrlOrPath(s.v)) this.audio.add(s.v, s.v, construct, s.line);
    } else if (R.SOURCE_LANGUAGE_NAMES.has(name) || R.TARGET_LANGUAGE_NAMES.has(name)) {
      const into = R.SOURCE_LANGUAGE_NAMES.has(name) ? this.sourceLanguages : this.targetLanguages;
      if (value.t === 'str' && R.isLanguageCode(value.v)) into.add(value.v, value.v, construct, value.line);
    } else if (R.isTextName(name)) {
      for (const s of stringsOf(value)) this.inputText(s.v, construct, s.line, s.templated);
    } else if (how !== 'property') {
      // (a dict's `expected` entry is read with its sibling input by recordDict)
      const kind = R.expectationKindOf(name);
      if (kind !== null) this.expectation(kind, value, construct);
    }
  }

  /** A call `callee(args)`; `assignedTo` is the variable the call's result was assigned to. */
  call(callee: string, args: CallArg[], line: number, assignedTo?: string): void {
    const dot = callee.lastIndexOf('.');
    const last = dot === -1 ? callee : callee.slice(dot + 1);
    if (CALLS_WITH_RULES.has(last)) {
      const positional = args.filter((a) => a.name === undefined);
      const kw = new Map<string, Lit>();
      for (const a of args) if (a.name !== undefined && !kw.has(a.name)) kw.set(a.name, a.value);
      if (last === 'pipeline') this.pipelineCall(positional, kw, assignedTo);
      else if (last === 'from_pretrained') this.fromPretrainedCall(callee, dot, positional, kw, line);
      else this.argparseCall(positional, kw);
      if (last !== 'from_pretrained') return; // their keywords (`model=`, `default=`) were read above
    } else if (ASSERT_EQUAL_CALLS.has(last)) this.assertEqualCall(args, line);
    else if (assignedTo !== undefined && (last === 'getenv' || (last === 'get' && callee.includes('environ')))) {
      // MODEL_ID = os.environ.get("VAR", "default-id"): the default is the file's value
      const fallback = args.filter((a) => a.name === undefined)[1]?.value ?? args.find((a) => a.name === 'default')?.value;
      if (fallback !== undefined) this.assign(assignedTo, fallback, line, 'assign');
    }
    else if (this.pipeVariables.has(callee) || R.PIPE_VARIABLE_NAMES.has(last)) {
      this.pipeCall(callee, args.filter((a) => a.name === undefined));
    }

    // Keyword arguments carry the same vocabulary as assignments (`task=`, `candidate_labels=`…).
    let question: Lit | undefined;
    let context: Lit | undefined;
    for (const a of args) {
      if (a.name === undefined) {
        if (a.value.t === 'dict') this.recordDict(a.value);
        else if (a.value.t === 'list') for (const item of a.value.items) if (item.t === 'dict') this.recordDict(item);
        continue;
      }
      this.assign(a.name, a.value, a.value.line, 'kwarg');
      if (a.name === 'question') question = a.value;
      else if (a.name === 'context') context = a.value;
    }
    if (question?.t === 'str' && context?.t === 'str') {
      this.questions.add({ question: question.v, context: context.v }, question.v + '\u0000' + context.v, 'question=/context= arguments', question.line);
    }
  }

  /** `left == right` (Python) / `left === right` (JS), or `expect(left).toBe(right)`. */
  compare(ref: string | null | undefined, value: Lit, line: number, asserted: boolean): void {
    if (!ref) return;
    const key = R.normalizeName(ref);
    if (key === 'model_type' && value.t === 'str' && R.isModelTypeLike(value.v)) {
      this.modelTypes.add(value.v, value.v, 'model_type ==', line);
    } else if (asserted && R.OUTPUT_KEYS.has(key) && (value.t === 'str' || value.t === 'num')) {
      this.expected.add({ kind: key, value: value.v }, `${key}\u0000${value.v}`, 'assert ==', line);
    }
  }

  finish(): Collected {
    for (const [list, v, construct, line] of this.shapeOnly) list.add(v, v, construct, line);
    for (const list of [this.maskedTexts, this.images, this.audio, this.architectures]) list.items.sort((a, b) => a.line - b.line);
    if (this.questions.items.length === 0) {
      const n = Math.min(this.looseQuestions.length, this.looseContexts.length);
      for (let i = 0; i < n; i++) {
        const q = this.looseQuestions[i];
        const c = this.looseContexts[i];
        this.questions.add({ question: q.v, context: c.v }, q.v + '\u0000' + c.v, 'question =/context =', q.line);
      }
    }
    const architectures = this.architectures.items.filter((f) => !this.definedClasses.has(f.value));
    return {
      modelIds: this.modelIds.items,
      tasks: this.tasks.items,
      modelTypes: this.modelTypes.items,
      architectures,
      classNames: this.classNames.items,
      inputs: {
        texts: this.texts.items,
        maskedTexts: this.maskedTexts.items,
        candidateLabels: this.candidateLabels.items,
        questions: this.questions.items,
        images: this.images.items,
        audio: this.audio.items,
        sourceLanguages: this.sourceLanguages.items,
        targetLanguages: this.targetLanguages.items,
        translationCases: this.translationCases.items,
      },
      expected: this.expected.items,
      sawModelCall: this.sawModelCall,
      apiServiceEvidence: this.apiServiceEvidence,
    };
  }

  // ---- rules for specific calls ----

  private pipelineCall(positional: CallArg[], kw: Map<string, Lit>, assignedTo?: string): void {
    this.sawModelCall = true;
    let task: string | undefined;
    const first = positional[0]?.value;
    if (first?.t === 'str' && R.isTaskLike(first.v)) {
      task = first.v;
      this.task(first.v, 'pipeline task', first.line);
    }
    const second = positional[1]?.value;
    if (second?.t === 'str') this.modelId(second.v, 'pipeline positional model', second.line);
    const taskKw = kw.get('task');
    if (taskKw?.t === 'str' && R.isTaskLike(taskKw.v)) {
      task ??= taskKw.v;
      this.task(taskKw.v, 'pipeline task=', taskKw.line);
    }
    const modelKw = kw.get('model');
    if (modelKw?.t === 'str') this.modelId(modelKw.v, 'pipeline model=', modelKw.line);
    // A translation pipeline's languages (`pipeline("translation", src_lang="en", tgt_lang="fr")`).
    for (const [name, value] of kw) {
      if (R.SOURCE_LANGUAGE_NAMES.has(name) || R.TARGET_LANGUAGE_NAMES.has(name)) this.assign(name, value, value.line, 'kwarg');
    }
    if (assignedTo !== undefined) this.pipeVariables.set(assignedTo, task);
  }

  private fromPretrainedCall(callee: string, dot: number, positional: CallArg[], kw: Map<string, Lit>, line: number): void {
    this.sawModelCall = true;
    const receiver = dot > 0 ? callee.slice(callee.lastIndexOf('.', dot - 1) + 1, dot) : '';
    if (receiver && R.isArchitectureName(receiver)) this.architectures.add(receiver, receiver, `${receiver}.from_pretrained`, line);
    const first = positional[0]?.value ?? kw.get('pretrained_model_name_or_path');
    if (first?.t === 'str') this.modelId(first.v, 'from_pretrained', first.line);
  }

  private argparseCall(positional: CallArg[], kw: Map<string, Lit>): void {
    const flags = positional.flatMap((a) => (a.value.t === 'str' ? [a.value.v] : []));
    const def = kw.get('default');
    if (def?.t !== 'str') return;
    const modelFlag = flags.find((f) => R.ARGPARSE_MODEL_FLAGS.has(f));
    if (modelFlag) this.modelId(def.v, `argparse ${modelFlag} default`, def.line);
    const taskFlag = flags.find((f) => R.ARGPARSE_TASK_FLAGS.has(f));
    if (taskFlag) this.task(def.v, `argparse ${taskFlag} default`, def.line);
  }

  private assertEqualCall(args: CallArg[], line: number): void {
    const [a, b] = args;
    if (!a || !b) return;
    if (a.ref && (b.value.t === 'str' || b.value.t === 'num')) this.compare(a.ref, b.value, line, true);
    else if (b.ref && (a.value.t === 'str' || a.value.t === 'num')) this.compare(b.ref, a.value, line, true);
  }

  /** `pipe("text")`, `classifier(text, ["a", "b"])`, `answerer(question, context)`. */
  private pipeCall(callee: string, positional: CallArg[]): void {
    const task = this.pipeVariables.get(callee);
    const first = positional[0]?.value;
    const second = positional[1]?.value;
    if (task === 'question-answering' && first?.t === 'str' && second?.t === 'str') {
      this.questions.add({ question: first.v, context: second.v }, first.v + '\u0000' + second.v, 'pipe(question, context)', first.line);
      return;
    }
    if (first) for (const s of stringsOf(first)) this.inputText(s.v, 'pipe call argument', s.line, s.templated);
    if (second && task?.startsWith('zero-shot')) this.candidateLabelValue(second, 'pipe call candidate labels');
  }

  private registry(name: string, dict: Extract<Lit, { t: 'dict' }>): void {
    for (const entry of dict.entries) {
      if (entry.key === null) continue;
      this.modelId(entry.key, `${name} key`, entry.line);
      if (entry.value.t !== 'dict') continue;
      for (const field of entry.value.entries) {
        const key = field.key === null ? '' : R.normalizeName(field.key);
        const label = `${name} "${field.key}"`;
        if (key === 'type' || key === 'model_type') {
          for (const s of stringsOf(field.value)) this.modelType(s.v, label, s.line);
        } else if (key === 'task' || R.TASK_LIST_NAMES.has(key) || R.TASK_NAMES.has(key)) {
          for (const s of stringsOf(field.value)) this.task(s.v, label, s.line);
        } else if (key === 'class' || R.ARCH_NAMES.has(key)) {
          this.architectureValue(field.value, label);
        } else if (key === 'model_id' || key === 'hf_model_id' || key === 'model_name') {
          for (const s of stringsOf(field.value)) this.modelId(s.v, label, s.line);
        }
      }
    }
  }

  /**
   * Whole-dict patterns: `{"question", "context"}` pairs, chat messages `{"role", "content"}`, and
   * test cases `{text: …, expected: …}` (the expectation keeps its input).
   */
  private recordDict(dict: Extract<Lit, { t: 'dict' }>, depth = 0): void {
    if (depth > 8) return;
    let q: Lit | undefined;
    let c: Lit | undefined;
    let role: Lit | undefined;
    let content: Lit | undefined;
    let input: string | undefined;
    let expected: { kind: string; value: Lit } | undefined;
    let source: string | undefined;
    let target: string | undefined;
    for (const e of dict.entries) {
      if (e.value.t === 'dict') this.recordDict(e.value, depth + 1);
      else if (e.value.t === 'list') for (const item of e.value.items) if (item.t === 'dict') this.recordDict(item, depth + 1);
      if (e.key === null) continue;
      const key = R.normalizeName(e.key);
      if (key === 'question') q = e.value;
      else if (key === 'context') c = e.value;
      else if (key === 'role') role = e.value;
      else if (key === 'content') content = e.value;
      else if (R.isTextName(key) && e.value.t === 'str') input ??= e.value.v;
      else if (e.value.t === 'str' && R.isLanguageCode(e.value.v) && R.SOURCE_LANGUAGE_NAMES.has(key)) source = e.value.v;
      else if (e.value.t === 'str' && R.isLanguageCode(e.value.v) && R.TARGET_LANGUAGE_NAMES.has(key)) target = e.value.v;
      else {
        const kind = R.expectationKindOf(key);
        if (kind !== null) expected ??= { kind, value: e.value };
      }
    }
    if (q?.t === 'str' && c?.t === 'str') this.questions.add({ question: q.v, context: c.v }, q.v + '\u0000' + c.v, 'question/context dict', q.line);
    if (role?.t === 'str' && content?.t === 'str') this.inputText(content.v, 'chat message content', content.line, content.templated);
    if (input !== undefined && (source !== undefined || target !== undefined)) this.translationCase({ text: input, source, target }, 'translation case dict', dict.line);
    input ??= q?.t === 'str' ? q.v : undefined;
    if (expected !== undefined) this.expectation(expected.kind, expected.value, `${expected.kind === 'output' ? 'expected' : 'expected_' + expected.kind} in test case`, input);
  }

  /** `("hi", "fr", "text")` or `("text", "hi", "fr")`: a sentence with its source and target language codes. */
  private languageCodedTuple(tuple: Extract<Lit, { t: 'list' }>): void {
    if (tuple.items.length !== 3 || !tuple.items.every((item) => item.t === 'str')) return;
    const [a, b, c] = tuple.items.map((item) => (item as Extract<Lit, { t: 'str' }>).v);
    const isSentence = (v: string) => v.trim().length > 0 && !R.isLanguageCode(v);
    if (R.isLanguageCode(a) && R.isLanguageCode(b) && isSentence(c)) this.translationCase({ text: c, source: a, target: b }, 'language-coded tuple', tuple.line);
    else if (isSentence(a) && R.isLanguageCode(b) && R.isLanguageCode(c)) this.translationCase({ text: a, source: b, target: c }, 'language-coded tuple', tuple.line);
  }

  private translationCase(value: TranslationCase, construct: string, line: number): void {
    const clean: TranslationCase = { text: value.text };
    if (value.source !== undefined) clean.source = value.source;
    if (value.target !== undefined) clean.target = value.target;
    this.translationCases.add(clean, `${clean.text}\u0000${clean.source ?? ''}\u0000${clean.target ?? ''}`, construct, line);
  }

  // ---- value adders with validation ----

  private modelId(v: string, construct: string, line: number): void {
    if (R.isModelIdLike(v)) this.modelIds.add(v, v, construct, line);
  }
  private task(v: string, construct: string, line: number): void {
    if (R.isTaskLike(v) && !R.NOT_PIPELINE_TASKS.has(v)) this.tasks.add(v, v, construct, line);
  }
  private modelType(v: string, construct: string, line: number): void {
    if (R.isModelTypeLike(v)) this.modelTypes.add(v, v, construct, line);
  }
  private architectureValue(value: Lit, construct: string): void {
    const items = value.t === 'list' ? value.items : [value];
    for (const item of items) {
      const raw = item.t === 'str' || item.t === 'name' ? item.v : '';
      const name = raw.slice(raw.lastIndexOf('.') + 1);
      if (name && R.isArchitectureName(name)) this.architectures.add(name, name, construct, item.line);
    }
  }
  private candidateLabelValue(value: Lit, construct: string): void {
    if (value.t === 'str') {
      for (const part of value.v.split(',')) {
        const label = part.trim();
        if (label) this.candidateLabels.add(label, label, construct, value.line);
      }
    } else {
      for (const s of stringsOf(value)) this.candidateLabels.add(s.v, s.v, construct, s.line);
    }
  }
  private inputText(v: string, construct: string, line: number, templated?: boolean): void {
    if (!v.trim()) return;
    if (!templated && R.isMaskedText(v)) this.maskedTexts.add(v, v, construct, line);
    else if (R.isImageRef(v)) this.images.add(v, v, construct, line);
    else if (R.isAudioRef(v)) this.audio.add(v, v, construct, line);
    else this.texts.add(v, v, construct, line);
  }
  private expectation(kind: string, value: Lit, construct: string, input?: string): void {
    const add = (v: string | number, line: number): void => {
      const expectation: ExtractedExpectation = input === undefined ? { kind, value: v } : { kind, value: v, input };
      this.expected.add(expectation, `${kind}\u0000${v}\u0000${input ?? ''}`, construct, line);
    };
    if (value.t === 'str' || value.t === 'num') add(value.v, value.line);
    else if (value.t === 'list') for (const item of value.items) if (item.t === 'str') add(item.v, item.line);
  }
}

/** `MODEL_ID =`, `self.model_id =`, `model_id= default`, `model=`, `modelId:`. */
function constructLabel(target: string, last: string, how: AssignHow): string {
  switch (how) {
    case 'default':
      return `${last}= default`;
    case 'kwarg':
      return `${last}=`;
    case 'property':
      return `${last}:`;
    default:
      return `${target} =`;
  }
}
