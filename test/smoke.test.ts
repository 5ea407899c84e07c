import { VERSION } from '../src/index';
test('package exposes a version', () => {
  expect(VERSION).toMatch(/^\d+\.\d+\.\d+$/);
});
