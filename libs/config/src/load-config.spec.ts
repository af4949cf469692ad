import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

const cwd = '/srv/kyso';

describe('loadConfig', () => {
  it('defaults to the embedded mode under ./data', () => {
    const c = loadConfig({}, cwd);
    expect(c.http.port).toBe(3000);
    expect(c.database).toEqual({
      kind: 'sqlite',
      file: '/srv/kyso/data/kyso.sqlite',
      url: 'sqlite:/srv/kyso/data/kyso.sqlite',
    });
    expect(c.storage).toEqual({ kind: 'local', dir: '/srv/kyso/data/blobs' });
    expect(c.queue).toEqual({ kind: 'in-process' });
    expect(c.signing.seal).toEqual({ kind: 'none' });
    expect(Object.isFrozen(c.database)).toBe(true);
  });

  it('chooses production services from DATABASE_URL and REDIS_URL', () => {
    const c = loadConfig(
      { DATABASE_URL: 'postgres://kyso@db:5432/kyso', REDIS_URL: 'redis://127.0.0.1:6379' },
      cwd,
    );
    expect(c.database).toMatchObject({ kind: 'postgres', url: 'postgres://kyso@db:5432/kyso' });
    expect(c.queue).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379', prefix: 'kyso' });
  });

  it('takes the Redis key prefix from KYSO_REDIS_PREFIX', () => {
    const redis = { REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(loadConfig({ ...redis, KYSO_REDIS_PREFIX: 'kyso-xa-an-binh' }, cwd).queue).toMatchObject({
      prefix: 'kyso-xa-an-binh',
    });
    expect(loadConfig({ ...redis, KYSO_REDIS_PREFIX: '{kyso}' }, cwd).queue).toMatchObject({
      prefix: '{kyso}',
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT: "abc" is not a whole number'],
    [{ PORT: '70000' }, 'PORT: 70000 is out of range'],
    [{ KYSO_STORAGE: 's3' }, 'KYSO_STORAGE: unknown value "s3". Use one of: local.'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: unsupported database "mysql"'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL: "http://x" is not a redis:// URL'],
    [{ KYSO_REDIS_PREFIX: 'kyso:prod' }, 'KYSO_REDIS_PREFIX: "kyso:prod" is not a safe Redis key prefix'],
    [{ KYSO_REDIS_PREFIX: 'a b' }, 'KYSO_REDIS_PREFIX: "a b" is not a safe Redis key prefix'],
    [{ KYSO_REDIS_PREFIX: 'x'.repeat(65) }, 'is not a safe Redis key prefix'],
    [{ KYSO_BOOTSTRAP_ADMIN: 'admin' }, 'KYSO_BOOTSTRAP_ADMIN: must look like user:password'],
    [{ KYSO_SEAL_SIGNER: 'pkcs11' }, 'KYSO_PKCS11_MODULE: is required'],
    [{ KYSO_TSA_URL: 'ftp://tsa' }, 'KYSO_TSA_URL: "ftp://tsa" is not an http(s) URL'],
  ])('rejects %o with a message naming the setting', (env, message) => {
    expect(() => loadConfig(env, cwd)).toThrow(ConfigError);
    expect(() => loadConfig(env, cwd)).toThrow(message);
  });

  it('never shows a database password in an error', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:hunter2@h/x' }, cwd)).not.toThrow(/hunter2/);
  });

  it('reads the PIN only from a file path, never from the environment value itself', () => {
    const c = loadConfig(
      {
        KYSO_SEAL_SIGNER: 'pkcs11',
        KYSO_PKCS11_MODULE: '/usr/lib/softhsm/libsofthsm2.so',
        KYSO_PKCS11_TOKEN: 'org-hsm',
        KYSO_PKCS11_KEY: 'seal-c',
        KYSO_PKCS11_PIN_FILE: 'secrets/pin',
      },
      cwd,
    );
    expect(c.signing.seal).toEqual({
      kind: 'pkcs11',
      module: '/usr/lib/softhsm/libsofthsm2.so',
      tokenLabel: 'org-hsm',
      keyLabel: 'seal-c',
      pinFile: '/srv/kyso/secrets/pin',
      sessions: 4,
    });
  });
});
