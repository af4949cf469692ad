import { describe, expect, it } from 'vitest';
import { derLength, derObjectIdentifier, derUnsignedInteger, readDerElement } from './der';

const hex = (buffer: Buffer): string => buffer.toString('hex');

describe('DER primitives', () => {
  it('encodes short and long lengths', () => {
    expect(hex(derLength(0))).toBe('00');
    expect(hex(derLength(0x7f))).toBe('7f');
    expect(hex(derLength(0x80))).toBe('8180');
    expect(hex(derLength(0x100))).toBe('820100');
  });

  it('encodes object identifiers (rsaEncryption, sha256, prime256v1)', () => {
    expect(hex(derObjectIdentifier('1.2.840.113549.1.1.1'))).toBe('06092a864886f70d010101');
    expect(hex(derObjectIdentifier('2.16.840.1.101.3.4.2.1'))).toBe('0609608648016503040201');
    expect(hex(derObjectIdentifier('1.2.840.10045.3.1.7'))).toBe('06082a8648ce3d030107');
  });

  it('encodes unsigned integers minimally, with a sign byte when needed', () => {
    expect(hex(derUnsignedInteger(Buffer.from('000001', 'hex')))).toBe('020101');
    expect(hex(derUnsignedInteger(Buffer.from('0080', 'hex')))).toBe('02020080');
    expect(hex(derUnsignedInteger(Buffer.from('ff', 'hex')))).toBe('020200ff');
    expect(hex(derUnsignedInteger(Buffer.from('0000', 'hex')))).toBe('020100');
  });

  it('reads elements and refuses truncated input', () => {
    const element = readDerElement(Buffer.from('0403aabbcc05', 'hex'));
    expect(element).toMatchObject({ tag: 0x04, end: 5 });
    expect(hex(element.content)).toBe('aabbcc');
    expect(() => readDerElement(Buffer.from('0405aabb', 'hex'))).toThrow(RangeError);
    expect(() => readDerElement(Buffer.from('0480', 'hex'))).toThrow(RangeError);
  });
});
