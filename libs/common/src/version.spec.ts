import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { KYSO_VERSION } from './version';

it('matches the version in package.json', () => {
  const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as {
    version: string;
  };
  expect(KYSO_VERSION).toBe(pkg.version);
});
