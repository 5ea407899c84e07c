import type { Extraction, Found } from '../../src/extract/types';

/** A `Found` with a default construct and line, for building extractions tersely. */
export function found(value: string, construct = 'test construct', line = 1): Found {
  return { value, construct, line };
}

/** An Extraction of a clean python model test with nothing found except what `overrides` sets. */
export function extraction(overrides: Partial<Extraction> = {}): Extraction {
  return {
    language: 'python',
    fileModelName: '',
    variant: 'base',
    kind: 'model-test',
    parse: { clean: true, errors: [] },
    modelIds: [],
    tasks: [],
    modelTypes: [],
    architectures: [],
    classNames: [],
    inputs: { texts: [], maskedTexts: [], candidateLabels: [], questions: [], images: [], audio: [], sourceLanguages: [], targetLanguages: [], translationCases: [] },
    expected: [],
    ...overrides,
  };
}
