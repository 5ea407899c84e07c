import * as fs from 'node:fs';
import * as path from 'node:path';
import { Project, ts } from 'ts-morph';
import { patchJestConfig } from '../../src/init/patch-config';

const REPO = path.join(__dirname, '..', '..');

/** What init writes into a TypeScript config must type-check strictly against Jest's own `Config` (ts-node checks it). */
test.each(['@swc/jest', 'ts-jest'] as const)('a patched jest.config.ts type-checks under strict (%s)', (transformer) => {
  // Inside the repository (.tmp/ is ignored), so `jest` types resolve from its node_modules.
  fs.mkdirSync(path.join(REPO, '.tmp'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(REPO, '.tmp', 'init-ts-'));
  try {
    const input = "import type { Config } from 'jest';\n\nconst config: Config = {\n  testEnvironment: 'node',\n  projects: [{ displayName: 'unit' }],\n};\n\nexport default config;\n";
    const result = patchJestConfig(input, 'jest.config.ts', { out: 'generated', transformer, typescript: true });
    if (result.kind !== 'patched') throw new Error(`not patched: ${JSON.stringify(result)}`);
    const file = path.join(dir, 'jest.config.ts');
    fs.writeFileSync(file, result.text);
    const project = new Project({
      compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, types: ['node'], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 },
    });
    project.addSourceFileAtPath(file);
    const diagnostics = project.getPreEmitDiagnostics().map((d) => `${d.getLineNumber()}: ${ts.flattenDiagnosticMessageText(d.getMessageText() as string | ts.DiagnosticMessageChain, '\n')}`);
    expect(diagnostics).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);
