import { describe, expect, it } from 'vitest';
import { oid, sequence, setOf, tlv, utf8String, printableString } from '../asn1/der-writer';
import { encodeName } from '../../testing/test-certificates';
import { namesEqual, parseName } from './distinguished-name';

function nameWith(value: Buffer): Buffer {
  return sequence(
    setOf([sequence(oid('2.5.4.6'), printableString('VN'))]),
    setOf([sequence(oid('2.5.4.3'), value)]),
  );
}

describe('parseName', () => {
  it('decodes UTF8String, BMPString, UniversalString and UTF-8 inside T61String to the same text', () => {
    const text = 'Ủy ban nhân dân xã Đồng Tâm';
    const bmp = Buffer.from(text, 'utf16le');
    bmp.swap16();
    const utf32 = Buffer.alloc(text.length * 4);
    [...text].forEach((ch, i) => utf32.writeUInt32BE(ch.codePointAt(0)!, i * 4));
    for (const encoded of [
      utf8String(text),
      tlv(0x1e, bmp),
      tlv(0x1c, utf32),
      tlv(0x14, Buffer.from(text, 'utf8')),
    ]) {
      const name = parseName(nameWith(encoded));
      expect(name.commonName).toBe(text);
      expect(name.text).toBe(`CN=${text},C=VN`);
    }
    expect(parseName(nameWith(tlv(0x14, Buffer.from([0xe9])))).commonName).toBe('é'); // real T.61/latin-1
  });

  it('escapes RFC 4514 specials and prints unknown attribute types as OIDs', () => {
    const der = sequence(
      setOf([sequence(oid('2.5.4.10'), utf8String('UBND, xã "A"+B'))]),
      setOf([sequence(oid('1.2.3.4'), utf8String(' x'))]),
    );
    expect(parseName(der).text).toBe('1.2.3.4=\\ x,O=UBND\\, xã \\"A\\"\\+B');
  });

  it('compares names by bytes, then case- and space-insensitively', () => {
    const a = encodeName([
      ['C', 'VN'],
      ['CN', 'Nguyễn  Văn An'],
    ]);
    const b = encodeName([
      ['C', 'vn'],
      ['BMP:CN', 'nguyễn văn an'],
    ]);
    expect(namesEqual(a, a)).toBe(true);
    expect(namesEqual(a, b)).toBe(true);
    expect(namesEqual(a, encodeName([['CN', 'Nguyễn Văn Anh']]))).toBe(false);
    expect(namesEqual(a, Buffer.from('junk'))).toBe(false);
  });
});
