import { describe, expect, it } from 'vitest';
import { CmsError } from '../cms-error';
import { childrenOf, readNode, readRoot } from './der-reader';
import { decodeOidContent, normalizeSerialHex, readSerialHex, readTime } from './der-values';
import { generalizedTime, integer, oid, setOf, unsignedInteger, x509Time } from './der-writer';

describe('DER writer and reader', () => {
  it('encodes and decodes OIDs, including large arcs', () => {
    for (const dotted of [
      '1.2.840.113549.1.9.16.2.47',
      '2.5.29.37.0',
      '2.25.329800735698586629295641978511506172918',
      '0.4.0.127.0.7.1.1.4.1.3',
    ]) {
      const der = oid(dotted);
      expect(decodeOidContent(der.subarray(2))).toBe(dotted);
    }
    expect(oid('1.2.840.113549.1.9.4').toString('hex')).toBe('06092a864886f70d010904');
    expect(() => oid('1.40.1')).toThrowError(CmsError);
  });

  it('sorts SET OF by encoding (X.690 11.6)', () => {
    const set = setOf([
      Buffer.from('0403020202', 'hex'),
      Buffer.from('0401ff', 'hex'),
      Buffer.from('040101', 'hex'),
    ]);
    expect(set.toString('hex')).toBe('310b' + '040101' + '0401ff' + '0403020202');
  });

  it('writes minimal INTEGERs', () => {
    expect(integer(0).toString('hex')).toBe('020100');
    expect(integer(128).toString('hex')).toBe('02020080');
    expect(unsignedInteger(Buffer.from('00008f12', 'hex')).toString('hex')).toBe('0203008f12');
    expect(readSerialHex(readNode(unsignedInteger(Buffer.from('8f12', 'hex'))))).toBe('8f12');
    expect(normalizeSerialHex('00:8F:12')).toBe('8f12');
    expect(normalizeSerialHex('0A')).toBe('0a');
  });

  it('round-trips times, with fractions and offsets', () => {
    const d = new Date('2025-07-14T02:30:12.345Z');
    expect(readTime(readNode(generalizedTime(d)))).toEqual(d);
    expect(generalizedTime(new Date('2025-07-14T02:30:12Z')).subarray(2).toString()).toBe('20250714023012Z');
    expect(readTime(readNode(x509Time(new Date('2049-12-31T23:59:59Z'))))).toEqual(
      new Date('2049-12-31T23:59:59Z'),
    );
    expect(x509Time(new Date('2050-01-01T00:00:00Z'))[0]).toBe(0x18);
    const withOffset = Buffer.concat([Buffer.from([0x18, 19]), Buffer.from('20250714093012+0700')]);
    expect(readTime(readNode(withOffset))).toEqual(new Date('2025-07-14T02:30:12Z'));
    expect(() =>
      readTime(readNode(Buffer.concat([Buffer.from([0x17, 13]), Buffer.from('251399000000Z')]))),
    ).toThrowError(CmsError);
  });

  it('reads indefinite lengths and rejects overruns', () => {
    const ber = Buffer.from('3080020101300302010200000000', 'hex');
    const root = readNode(ber);
    expect(root.indefinite).toBe(true);
    expect(root.end).toBe(ber.length - 2);
    expect(childrenOf(root)).toHaveLength(2);
    expect(() => readRoot(Buffer.from('300502010100', 'hex'), 'x')).toThrowError(/runs past/);
    expect(() => readRoot(Buffer.from('3003020101ff', 'hex'), 'x')).toThrowError(/trailing/);
  });
});
