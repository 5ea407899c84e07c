'use strict';
/**
 * `preset: 'hf-convert'`: what a project of generated model suites needs.
 *
 * Set it on the models project itself (`projects: [{ displayName: 'models', preset: 'hf-convert' }]`),
 * not only at the top level: Jest applies a preset per project (a project does not inherit the top-level
 * config's preset, testEnvironment or transform), and the TypeScript transform below is picked per project,
 * from that project's rootDir, so a repository whose projects install different transforms still works.
 */
module.exports = {
  // Hands the host realm's typed arrays to the tests (onnxruntime-node rejects tensors from Jest's vm realm
  // otherwise) and loads the inference stack once per worker.
  testEnvironment: 'hf-convert/jest-environment',
  // ts-jest when the project's repository has it installed, else @swc/jest (see jest-transform.js).
  transform: { '^.+\\.tsx?$': require.resolve('./jest-transform.js') },
  // Generated suites are `<category>/<model_type>.test.ts` under a `generated` folder.
  testMatch: ['**/generated/**/{text,vision,audio,multimodal,other,unknown}/*.test.ts'],
  // Loading a model once per suite can take longer than Jest's default 5 s on a loaded machine.
  testTimeout: 60000,
  // Built-ins handed to each module as locals: read as globals inside Jest's vm context they are 50-200x
  // slower in the runtime's hot loops (jestjs/jest#5163); the list and why are in src/runtime/sandbox-globals.ts.
  sandboxInjectedGlobals: [...require('./dist/runtime/sandbox-globals.js').SANDBOX_INJECTED_GLOBALS],
};
