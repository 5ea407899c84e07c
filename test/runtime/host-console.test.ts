import { HostConsoleCollector, summariseMessages } from '../../src/runtime/host-console';

describe('the inference stack\'s console output', () => {
  test('is collected while a test file runs and summarised once per message with its count, nothing dropped', () => {
    const printed: string[] = [];
    const fake = { warn: (...args: unknown[]) => printed.push(`warn ${args.join(' ')}`), log: (...args: unknown[]) => printed.push(`log ${args.join(' ')}`), info: () => undefined };
    const collector = new HostConsoleCollector(fake);
    collector.start();
    for (let i = 0; i < 40; i++) fake.warn('No language specified - defaulting to English (en).');
    fake.warn('`label_ids_to_fuse` unset. No instance will be fused.');
    fake.log({ dims: [1, 2] });
    const said = collector.stop();
    expect(printed).toEqual([]);
    expect(summariseMessages('generated/audio/whisper.test.ts', said)).toBe(
      'hf-convert: generated/audio/whisper.test.ts: the inference stack warned 40×: No language specified - defaulting to English (en).\n' +
        'hf-convert: generated/audio/whisper.test.ts: the inference stack warned: `label_ids_to_fuse` unset. No instance will be fused.\n' +
        'hf-convert: generated/audio/whisper.test.ts: the inference stack said: {"dims":[1,2]}\n',
    );
    // The console is itself again afterwards.
    fake.warn('after');
    expect(printed).toEqual(['warn after']);
  });
});
