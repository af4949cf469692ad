import { describe, expect, it } from 'vitest';
import { hashPassword, UNUSABLE_PASSWORD_HASH, verifyPassword } from './password-hasher';

describe('password hashing', () => {
  it('verifies the right password and refuses others', async () => {
    const hash = await hashPassword('mật-khẩu-đủ-dài');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('mật-khẩu-đủ-dài', hash)).toBe(true);
    expect(await verifyPassword('mật-khẩu-đủ-dai', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same-password')).not.toBe(await hashPassword('same-password'));
  });

  it('accepts a password typed in decomposed Unicode', async () => {
    const hash = await hashPassword('Đường-Hồ-Chí-Minh');
    expect(await verifyPassword('Đường-Hồ-Chí-Minh'.normalize('NFD'), hash)).toBe(true);
  });

  it('never matches a malformed or unusable hash', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$0$8$1$AA==$AA==')).toBe(false);
    expect(await verifyPassword('', UNUSABLE_PASSWORD_HASH)).toBe(false);
  });
});
