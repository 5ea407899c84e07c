import type { Call } from './harness';
import type { ExpectedOutput, ModelSpec } from './spec';

/**
 * Expected outputs a legacy file states ("paris", "B-PER") hold only for the real checkpoint, so
 * they are checked only when a suite runs on one (local or Hub). An expectation is checked in the
 * suite whose task produces its kind (a question-answering `answer` folded into a fill-mask suite
 * says nothing about fill-mask output), against the outputs of the legacy inputs it names (all of
 * them when it names none): it holds when one of those outputs contains the value.
 */
const KIND_TASKS: Record<string, string[]> = {
  token: ['fill-mask'],
  token_str: ['fill-mask'],
  sequence: ['fill-mask'],
  entity: ['token-classification', 'ner'],
  entity_group: ['token-classification', 'ner'],
  answer: ['question-answering', 'document-question-answering'],
  label: [
    'text-classification', 'sentiment-analysis', 'zero-shot-classification', 'image-classification', 'audio-classification',
    'zero-shot-image-classification', 'zero-shot-audio-classification', 'object-detection', 'zero-shot-object-detection',
  ],
  translation: ['translation', 'text2text-generation'],
  translation_text: ['translation', 'text2text-generation'],
  summary_text: ['summarization', 'text2text-generation'],
  generated_text: ['text-generation', 'text2text-generation', 'image-to-text'],
  text: ['automatic-speech-recognition', 'text-generation', 'text2text-generation', 'summarization', 'translation', 'image-to-text'],
};

/** Kinds compared with whole output strings; the rest (free text) must appear inside one. */
const EXACT_KINDS = new Set(['token', 'token_str', 'entity', 'entity_group', 'label', 'answer']);

export interface CallResult {
  call: Call;
  output: unknown;
}

/** Whether a suite of this task can check an expectation of this kind (unknown kinds: any task). */
export function expectationApplies(expected: ExpectedOutput, task: string): boolean {
  const tasks = KIND_TASKS[expected.kind];
  return tasks === undefined || tasks.includes(task);
}

/** Throws one error listing every applicable expectation no output meets, each with its legacy file and line. */
export function checkExpected(spec: ModelSpec, results: CallResult[]): void {
  const failures: string[] = [];
  for (const expected of spec.expected) {
    if (!expectationApplies(expected, spec.task)) continue;
    const relevant = results.filter((r) => expected.input === undefined || JSON.stringify(r.call.input ?? '').includes(expected.input));
    if (relevant.length === 0) continue;
    if (relevant.some((r) => meets(r.output, expected))) continue;
    const where = `${expected.source.file}${expected.source.line ? `:${expected.source.line}` : ''}`;
    const seen = relevant.map((r) => `${r.call.label}: ${JSON.stringify(r.output).slice(0, 160)}`).join('; ');
    failures.push(`expected ${expected.kind} ${JSON.stringify(expected.value)} (stated in ${where}) is not in the output of ${expected.input !== undefined ? `the input containing ${JSON.stringify(expected.input)}` : 'any legacy input'} — got ${seen}`);
  }
  if (failures.length) throw new Error(failures.join('\n'));
}

function meets(output: unknown, expected: ExpectedOutput): boolean {
  const leaves: Array<string | number> = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string' || typeof v === 'number') leaves.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(output);
  if (typeof expected.value === 'number') {
    const want = expected.value;
    return leaves.some((l) => typeof l === 'number' && Math.abs(l - want) <= 1e-3 * Math.max(1, Math.abs(want)));
  }
  const want = normalise(expected.value);
  const strings = leaves.filter((l): l is string => typeof l === 'string').map(normalise);
  return EXACT_KINDS.has(expected.kind) ? strings.includes(want) : strings.some((s) => s.includes(want));
}

const normalise = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
