import { BoundedMap } from '@kyso/common';
import { childrenOf, DerNode, expectUniversal, rawOf, readNode, UniversalTag } from '../asn1/der-reader';
import { isStringTag, readOid, readString } from '../asn1/der-values';

/** One attribute of a distinguished name, e.g. { type: '2.5.4.3', shortName: 'CN', value: 'Nguyễn Văn A' }. */
export interface NameAttribute {
  readonly type: string;
  readonly shortName?: string;
  readonly value: string;
}

export interface DistinguishedName {
  /** The Name exactly as encoded (compare these bytes first, see {@link namesEqual}). */
  readonly der: Buffer;
  /** Relative distinguished names in encoded order (most general first: C, O, ..., CN). */
  readonly rdns: readonly (readonly NameAttribute[])[];
  /** RFC 4514 string (most specific first), e.g. "CN=Nguyễn Văn A,O=UBND xã Tân Lập,C=VN". */
  readonly text: string;
  readonly commonName?: string;
}

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'T',
  '2.5.4.17': 'postalCode',
  '2.5.4.20': 'telephoneNumber',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'E',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
};

export function parseName(der: Uint8Array): DistinguishedName {
  return parseNameNode(readNode(der));
}

/**
 * Names parsed in this process, by their DER. The issuer and subject names of an archive are a handful
 * repeated in every certificate, SignerInfo and OCSP response; a parsed name is immutable.
 */
const parsedNames = new BoundedMap<DistinguishedName>(4096);

export function parseNameNode(node: DerNode): DistinguishedName {
  const raw = rawOf(node);
  const key =
    raw.length <= 1024 ? Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString('latin1') : undefined;
  const known = key === undefined ? undefined : parsedNames.get(key);
  if (known) return known;
  const name = Object.freeze(parseNameUncached(node));
  if (key !== undefined) parsedNames.set(key, name);
  return name;
}

function parseNameUncached(node: DerNode): DistinguishedName {
  const rdns = childrenOf(expectUniversal(node, UniversalTag.Sequence, 'Name'), 256).map((rdn) =>
    childrenOf(expectUniversal(rdn, UniversalTag.Set, 'RelativeDistinguishedName'), 64).map((atv) => {
      const [typeNode, valueNode] = childrenOf(
        expectUniversal(atv, UniversalTag.Sequence, 'AttributeTypeAndValue'),
        3,
      );
      const type = readOid(typeNode, 'attribute type');
      const shortName = SHORT_NAMES[type];
      const value =
        valueNode && isStringTag(valueNode)
          ? readString(valueNode)
          : '#' + Buffer.from(valueNode ? rawOf(valueNode) : []).toString('hex');
      return shortName ? { type, shortName, value } : { type, value };
    }),
  );
  const text = [...rdns]
    .reverse()
    .map((rdn) =>
      rdn
        .map(
          (a) =>
            `${a.shortName ?? a.type}=${a.value.startsWith('#') && !a.shortName ? a.value : escapeValue(a.value)}`,
        )
        .join('+'),
    )
    .join(',');
  const cn = rdns.flat().find((a) => a.type === '2.5.4.3');
  return { der: Buffer.from(rawOf(node)), rdns, text, commonName: cn?.value };
}

// RFC 4514 2.4.
function escapeValue(value: string): string {
  let out = value.replace(/[\\,+"<>;=]/g, (c) => '\\' + c);
  if (out.startsWith('#') || out.startsWith(' ')) out = '\\' + out;
  if (out.endsWith(' ') && out.length > 1) out = out.slice(0, -1) + '\\ ';
  return out;
}

/**
 * RFC 5280 7.1 name matching: identical bytes, or the same attributes with case-insensitive,
 * whitespace-collapsed values (a simplified RFC 4518 preparation).
 */
export function namesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (Buffer.from(a.buffer, a.byteOffset, a.length).equals(b)) return true;
  try {
    return canonical(parseName(a)) === canonical(parseName(b));
  } catch {
    return false;
  }
}

/**
 * RFC 5280 4.2.1.10 directoryName subtree: `name` is within `base` when base's RDNs are the first RDNs of
 * name (compared as {@link namesEqual} compares attributes). The empty name is within every subtree.
 */
export function isWithinSubtree(name: DistinguishedName, base: DistinguishedName): boolean {
  if (base.rdns.length > name.rdns.length) return false;
  return base.rdns.every((rdn, i) => canonicalRdn(rdn) === canonicalRdn(name.rdns[i]));
}

function canonicalRdn(rdn: readonly NameAttribute[]): string {
  return rdn
    .map((x) => `${x.type}=${x.value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()}`)
    .sort()
    .join('+');
}

function canonical(name: DistinguishedName): string {
  return name.rdns.map((rdn) => canonicalRdn(rdn)).join(',');
}
