import * as fs from 'node:fs';
import * as path from 'node:path';
import { VERSION, convert } from '../src/index';

test('the package version is one number everywhere', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  expect(VERSION).toBe(pkg.version);
  expect(typeof convert).toBe('function');
});
