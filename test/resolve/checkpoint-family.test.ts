import { checkpointFamilyIndex, resolve, resolveCheckpointFamily } from '../../src/resolve';
import { extract } from '../../src/extract';
import { loadCatalog } from '../../src/catalog';
import { extraction, found } from './factory';

const catalog = loadCatalog();

describe('checkpoint-name index', () => {
  it('is built once per catalog (once per thread)', () => {
    expect(checkpointFamilyIndex(catalog)).toBe(checkpointFamilyIndex(catalog));
  });

  it.each([
    ['pythia', 'gpt_neox', 'pythia'],
    ['nllb', 'm2m_100', 'nllb'],
    ['dino', 'vit', 'dino'],
    ['pythia_70m', 'gpt_neox', 'pythia'],
    ['opus-mt', 'marian', 'opus-mt'],
  ])('%s → %s (stem "%s")', (name, modelType, stem) => {
    expect(resolveCheckpointFamily(name, catalog)).toMatchObject({ kind: 'family', entry: { modelType }, stem });
  });

  it('indexes no name that spells a model type itself (nllb-moe-54b is nllb-moe, not an "nllb" checkpoint)', () => {
    const nllb = checkpointFamilyIndex(catalog).get('nllb')!;
    expect([...nllb.modelTypes.keys()]).toEqual(['m2m_100']);
    expect(nllb.modelTypes.get('m2m_100')).toContain('facebook/nllb-200-distilled-600M');
    expect(checkpointFamilyIndex(catalog).has('bert')).toBe(false);
  });

  it('file names strip only size and version tokens; checkpoint names any tail', () => {
    expect(resolveCheckpointFamily('pythia_deduped', catalog).kind).toBe('none');
    expect(resolveCheckpointFamily('pythia-70m-deduped-ONNX', catalog, { anyPrefix: true })).toMatchObject({ kind: 'family', entry: { modelType: 'gpt_neox' } });
  });

  it('knows nothing of made-up names', () => {
    expect(resolveCheckpointFamily('zorbnet', catalog)).toEqual({ kind: 'none' });
    expect(resolveCheckpointFamily('my_custom_model', catalog)).toEqual({ kind: 'none' });
  });
});

describe('file names that are checkpoint families resolve to their architecture', () => {
  it('through a checkpoint the file names that the catalogs list for one model type (test_hf_pythia.py names EleutherAI/pythia-70m)', () => {
    const r = resolve(extraction({ fileModelName: 'pythia', modelIds: [found('EleutherAI/pythia-70m', 'registry key', 30)], tasks: [found('text-generation')] }));
    expect(r).toMatchObject({ status: 'resolved', modelType: 'gpt_neox', modelId: 'EleutherAI/pythia-70m', onnxModelId: 'Xenova/pythia-70m', task: 'text-generation' });
    expect(r.warnings[0]).toBe('file name "pythia" does not resolve (it matches no catalog model type); using gpt_neox from the file\'s checkpoint "EleutherAI/pythia-70m" (registry key, line 30) (listed for gpt_neox only: ONNX catalog Xenova/pythia-70m converted from EleutherAI/pythia-70m)');
  });

  it('test_hf_dino.py naming facebook/dino-vitb16 is vit', () => {
    const r = resolve(extraction({ fileModelName: 'dino', modelIds: [found('facebook/dino-vitb16')] }));
    expect(r).toMatchObject({ modelType: 'vit', modelId: 'facebook/dino-vitb16', onnxModelId: 'Xenova/dino-vitb16' });
  });

  it('test_hf_nllb.py is m2m_100 and loads the NLLB export', () => {
    const r = resolve(extraction({ fileModelName: 'nllb', modelIds: [found('facebook/nllb-200-distilled-600M')] }));
    expect(r).toMatchObject({ modelType: 'm2m_100', category: 'text', modelId: 'facebook/nllb-200-distilled-600M', onnxModelId: 'Xenova/nllb-200-distilled-600M' });
  });

  it('through the checkpoint-name index when the file names no listed checkpoint, warning with the evidence', () => {
    const r = resolve(extraction({ fileModelName: 'nllb', tasks: [found('translation')] }));
    expect(r).toMatchObject({ status: 'resolved', modelType: 'm2m_100', checkpointFamily: 'nllb', modelId: 'facebook/nllb-200-distilled-600M', onnxModelId: 'Xenova/nllb-200-distilled-600M' });
    expect(r.because.modelType).toMatch(/^file name "nllb" \(checkpoint family "nllb": the catalogs list facebook\/nllb-200-distilled-600M/);
    expect(r.warnings[0]).toMatch(/^file name "nllb" names no model type; resolved through its checkpoint family "nllb": the catalogs list .*, all m2m_100; using m2m_100$/);

    const pythia = resolve(extraction({ fileModelName: 'pythia', modelIds: [found('EleutherAI/pythia-1b-nope', 'MODEL_ID =', 2)] }));
    expect(pythia).toMatchObject({ modelType: 'gpt_neox', modelId: 'EleutherAI/pythia-1b-nope', modelIdVerified: false });
    expect(pythia.onnxModelId).toMatch(/^Xenova\/pythia-/);
  });

  it('strips hardware and test-kind suffixes: test_hf_pythia_with_amd.py is gpt_neox', () => {
    const x = extract('import transformers\nm = transformers.AutoModelForCausalLM.from_pretrained(model_id)\n', 'test_hf_pythia_with_amd.py');
    expect(x.fileModelName).toBe('pythia');
    expect(resolve(x)).toMatchObject({ modelType: 'gpt_neox', checkpointFamily: 'pythia', modelId: 'EleutherAI/pythia-14m', onnxModelId: 'Xenova/pythia-14m' });
  });

  it('a file name that names a model type is never read as a checkpoint family', () => {
    expect(resolve(extraction({ fileModelName: 'vit' })).checkpointFamily).toBeUndefined();
  });

  it('the content still wins when it names a type and the name is no family', () => {
    const r = resolve(extraction({ fileModelName: 'my_new_model', modelTypes: [found('gpt_neox')] }));
    expect(r.modelType).toBe('gpt_neox');
  });
});

describe('files named for a model type whose content names no model', () => {
  const broken = '#!/usr/bin/env python3\n"""Class-based test file for all LeViT-family models."""\nimport os\n\n{{registry_name}} = {\n    {{registry_entries}}\n}\n';

  it('are that model\'s test, created from the name and the catalog, with a warning', () => {
    const x = extract(broken, 'test_hf_levit.py');
    expect(x).toMatchObject({ kind: 'model-test', noModelConstruct: true });
    const r = resolve(x);
    expect(r).toMatchObject({ status: 'resolved', modelType: 'levit', modelId: 'facebook/levit-128S', task: 'image-classification', onnxModelId: null });
    expect(r.warnings[0]).toMatch(/^the file has no model construct .*; converted as a levit test from its file name and the catalog$/);
  });

  it('a name that resolves to nothing leaves it unresolved', () => {
    expect(resolve(extract(broken, 'test_hf_setup_env.py')).status).toBe('unknown');
  });
});
