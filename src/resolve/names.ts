/**
 * From a name as written somewhere (file name, `model_type` string, class name, checkpoint name)
 * to a catalog model type, in its exact spelling.
 */
import type { Catalog, CatalogModelType } from '../catalog';

export type NameMatch =
  /** `how`: `model_type`, `alias`, or a note on what was stripped (`stem "t5"`, `prefix "flan" dropped`). */
  | { kind: 'model-type'; entry: CatalogModelType; how: string }
  | { kind: 'collision'; spelling: string; candidates: string[] }
  | { kind: 'transformers-js-only'; modelType: string }
  | { kind: 'none' };

const NONE: NameMatch = { kind: 'none' };

/** Size, casing, language, version and similar checkpoint tokens that never name a model family. */
const STRIPPABLE_WORDS = new Set([
  'nano', 'micro', 'tiny', 'mini', 'small', 'base', 'medium', 'large', 'xlarge', 'xxlarge', 'huge', 'giant', 'xl', 'xxl', 'xxxl',
  'uncased', 'cased', 'lower', 'lowercase', 'en', 'english', 'multilingual', 'multi',
  'hf', 'pt', 'onnx', 'fp16', 'fp32', 'int8', 'quantized', 'instruct', 'chat', 'it', 'model', 'models', 'test', 'tests',
  'pretrained', 'finetuned', 'distilled', 'random',
]);
const STRIPPABLE_PATTERNS = [
  /^v\d+(?:\.\d+)*$/, // v1, v2
  /^\d+(?:\.\d+)?[kmbt]?$/, // 6b, 125m, 224, 2
  /^\d+h$/, // 960h (hours of audio)
  /^patch\d+$/, // patch16
  /^\d+x\d+$/, // 32x32
  /^in\d+k$/, // in21k
];
/** Prefixes that name a recipe, not a family: dropped only when the rest is a model type and the whole is not. */
const DROPPABLE_PREFIXES = ['flan', 'distil', 'tiny', 'random', 'hf'];

function isStrippable(token: string): boolean {
  return STRIPPABLE_WORDS.has(token) || STRIPPABLE_PATTERNS.some((re) => re.test(token));
}

export function splitTokens(name: string): string[] {
  return name.toLowerCase().split(/[-_.\s]+/).filter(Boolean);
}

function lookup(catalog: Catalog, spelling: string): NameMatch {
  const found = catalog.lookupName(spelling);
  switch (found.kind) {
    case 'model-type':
      return { kind: 'model-type', entry: found.entry, how: found.via };
    case 'collision':
      return { kind: 'collision', spelling, candidates: found.candidates };
    case 'transformers-js-only':
      return { kind: 'transformers-js-only', modelType: found.modelType };
    default:
      return NONE;
  }
}

/** Drop recipe prefixes (`flan`, `distil`, ...) from a normalised name until a model type is left. */
function withoutPrefixes(catalog: Catalog, normalised: string): NameMatch {
  for (const prefix of DROPPABLE_PREFIXES) {
    if (!normalised.startsWith(prefix) || normalised.length === prefix.length) continue;
    const rest = normalised.slice(prefix.length);
    const direct = lookup(catalog, rest);
    const found = direct.kind === 'model-type' ? direct : withoutPrefixes(catalog, rest);
    if (found.kind === 'model-type') return { ...found, how: `prefix "${prefix}" dropped` };
  }
  return NONE;
}

/**
 * Resolve a model or checkpoint-like name: `xlm_roberta`, `t5_small`, `flan-t5`, `gpt_j_6b`.
 * The longest reading wins: the whole name, then the name with size/version tokens stripped from
 * the right one at a time, and only then with a recipe prefix dropped (`distilbert` stays distilbert).
 * An unresolved alias collision is reported as such, never settled silently.
 */
export function resolveModelName(name: string, catalog: Catalog): NameMatch {
  const tokens = splitTokens(name);
  if (tokens.length === 0) return NONE;
  const levels: string[][] = [tokens];
  for (let end = tokens.length - 1; end >= 1 && isStrippable(tokens[end]); end--) levels.push(tokens.slice(0, end));

  for (const [i, level] of levels.entries()) {
    // The whole name is looked up as written so an exact `model_type` spelling is reported as such.
    const found = lookup(catalog, i === 0 ? name.trim() : level.join(''));
    if (found.kind === 'none') continue;
    if (found.kind === 'model-type' && i > 0) return { ...found, how: `stem "${level.join('-')}"` };
    return found;
  }
  for (const level of levels) {
    const found = withoutPrefixes(catalog, level.join(''));
    if (found.kind === 'model-type') return found;
  }
  return NONE;
}

/** Class-name endings that are not part of the family name, longest forms first. */
const CLASS_SUFFIX = /(?:For[A-Z]\w*|LMHeadModel|DoubleHeadsModel|WithLMHead\w*|PreTrainedModel|ImageProcessor\w*|FeatureExtractor|TokenizerFast|Tokenizer|Processor|Config|Pipeline|Models?|Tests?|Encoder|Decoder|Backbone)$/;

/**
 * Resolve a class name: architectures (`XLMRobertaForMaskedLM`, `GPTJForCausalLM`, `TFBertModel`)
 * and test classes (`TestXlmRobertaModels`). Generic `Auto*` classes name no family.
 */
export function resolveClassName(className: string, catalog: Catalog): NameMatch {
  let stem = className.trim().replace(/^(?:Test|TF|Flax)(?=[A-Z])/, '');
  if (!stem || /^Auto[A-Z]/.test(stem)) return NONE;
  // Try the whole stem before each suffix is cut so `VisionEncoderDecoderModel` keeps `Decoder`.
  for (let guard = 0; guard < 4 && stem; guard++) {
    const found = resolveModelName(stem, catalog);
    if (found.kind === 'model-type') return { ...found, how: `class name stem "${stem}"` };
    if (found.kind !== 'none') return found;
    const cut = stem.replace(CLASS_SUFFIX, '');
    if (cut === stem) break;
    stem = cut;
  }
  return NONE;
}

/**
 * The model type a checkpoint name (the part after `org/`) names: first the whole name read as a
 * model name (`xlm-roberta-base`), else the leftmost token span that is a model type, longest span
 * at that position (`bert-large-cased-finetuned-conll03-english` → bert, `flan-t5-small` → t5).
 */
export function modelTypeNamedByCheckpoint(checkpointName: string, catalog: Catalog): NameMatch {
  const whole = resolveModelName(checkpointName, catalog);
  if (whole.kind !== 'none') return whole;
  const tokens = splitTokens(checkpointName);
  for (let start = 0; start < tokens.length; start++) {
    for (let end = tokens.length; end > start; end--) {
      const found = lookup(catalog, tokens.slice(start, end).join(''));
      if (found.kind === 'model-type') return { ...found, how: `names "${tokens.slice(start, end).join('-')}"` };
      if (found.kind === 'collision') return found;
    }
  }
  return NONE;
}

/** A checkpoint-name stem (`pythia`, `nllb`, `dino`) and the model types whose catalog ids start with it. */
export interface CheckpointFamily {
  /** The stem as looked up, `-`-joined tokens (`pythia`, `opus-mt`). */
  stem: string;
  /** model type → catalog ids whose names start with the stem, in catalog order. */
  modelTypes: Map<string, string[]>;
}

export type FamilyMatch =
  | { kind: 'family'; entry: CatalogModelType; stem: string; ids: string[] }
  | { kind: 'ambiguous'; stem: string; candidates: string[] }
  | { kind: 'none' };

const familyIndexes = new WeakMap<Catalog, Map<string, CheckpointFamily>>();
/** Stems shorter than this say too little (`t5`, `e5`, `my`). */
const MIN_STEM_LENGTH = 3;

/**
 * Index of checkpoint-name stems, built once per catalog (so once per thread) from every id the
 * catalogs list: a name that does not already name a model type (`pythia-70m`, `nllb-200-distilled-600M`,
 * `dino-vitb16`) is indexed under each leading run of its tokens up to its first size/version token
 * (`pythia`; `nllb`; `dino`, `dino-vitb16`). Names that spell their own type (`nllb-moe-54b`) add nothing.
 */
export function checkpointFamilyIndex(catalog: Catalog): Map<string, CheckpointFamily> {
  let index = familyIndexes.get(catalog);
  if (index) return index;
  index = new Map();
  for (const [modelType, ids] of catalog.listedIdsByModelType()) {
    for (const id of ids) {
      const name = id.slice(id.lastIndexOf('/') + 1);
      if (modelTypeNamedByCheckpoint(name, catalog).kind !== 'none') continue;
      const tokens = splitTokens(name);
      for (let end = 1; end <= tokens.length && !isStrippable(tokens[end - 1]); end++) {
        const key = tokens.slice(0, end).join('');
        if (key.length < MIN_STEM_LENGTH || lookup(catalog, key).kind !== 'none') continue;
        const family = index.get(key) ?? { stem: tokens.slice(0, end).join('-'), modelTypes: new Map<string, string[]>() };
        const list = family.modelTypes.get(modelType) ?? [];
        if (!list.includes(id)) list.push(id);
        family.modelTypes.set(modelType, list);
        index.set(key, family);
      }
    }
  }
  familyIndexes.set(catalog, index);
  return index;
}

/**
 * A name (file name or checkpoint name) read as a checkpoint family: the whole name, then with
 * size/version tokens stripped from the right (`anyPrefix`: any tokens, for checkpoint names such as
 * `pythia-70m-deduped-ONNX`), looked up in the checkpoint-name index. Only a stem whose ids all
 * belong to one model type resolves; one shared by several types is reported.
 */
export function resolveCheckpointFamily(name: string, catalog: Catalog, options: { anyPrefix?: boolean } = {}): FamilyMatch {
  const tokens = splitTokens(name);
  const index = checkpointFamilyIndex(catalog);
  for (let end = tokens.length; end >= 1; end--) {
    if (end < tokens.length && !options.anyPrefix && !isStrippable(tokens[end])) break;
    const family = index.get(tokens.slice(0, end).join(''));
    if (!family) continue;
    if (family.modelTypes.size > 1) return { kind: 'ambiguous', stem: family.stem, candidates: [...family.modelTypes.keys()].sort() };
    const [[modelType, ids]] = [...family.modelTypes];
    const entry = catalog.findByModelType(modelType);
    if (entry) return { kind: 'family', entry, stem: family.stem, ids };
  }
  return { kind: 'none' };
}
