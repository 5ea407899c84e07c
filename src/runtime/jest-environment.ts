import * as path from 'node:path';
import { TestEnvironment as NodeEnvironment } from 'jest-environment-node';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { HOST_REQUIRE_GLOBAL } from './host';
import { HostConsoleCollector, summariseMessages } from './host-console';
import { WARM_UP_GLOBAL, warmInferenceStackOnce } from './worker-warmup';

/** The host realm's require, resolving from hf-convert's own dependencies. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hostRequire = (id: string): unknown => require(id);

/**
 * Jest runs each test file in its own vm realm, so `new Float32Array()` inside a test is not an
 * instance of the host's `Float32Array`, and onnxruntime-node rejects every tensor
 * ("A float32 tensor's data must be type of function Float32Array()"). Handing the host
 * realm's binary constructors to the test globals makes tensors cross the boundary.
 */
const HOST_BINARY_GLOBALS = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

export default class HostRealmEnvironment extends NodeEnvironment {
  private readonly hostConsole = new HostConsoleCollector();
  private readonly testFile: string;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.testFile = path.relative(config.globalConfig.rootDir, context.testPath);
    const testGlobals = this.global as unknown as Record<string, unknown>;
    for (const name of HOST_BINARY_GLOBALS) {
      const hostValue = (globalThis as unknown as Record<string, unknown>)[name];
      if (hostValue !== undefined) testGlobals[name] = hostValue;
    }
    // Lets the runtime load the inference stack once per worker in the host realm (see host.ts).
    testGlobals[HOST_REQUIRE_GLOBAL] = hostRequire;
    // Model suites call it before their first load; other test files never pay for it.
    testGlobals[WARM_UP_GLOBAL] = () => warmInferenceStackOnce();
  }

  override async setup(): Promise<void> {
    await super.setup();
    this.hostConsole.start();
  }

  override async teardown(): Promise<void> {
    const said = this.hostConsole.stop();
    if (said.length > 0) process.stderr.write(summariseMessages(this.testFile, said));
    await super.teardown();
  }
}
