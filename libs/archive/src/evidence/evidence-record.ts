import type { HashAlgorithm } from '@kyso/native';
import { ArchiveError, ArchiveErrorCode } from '../archive.exception';
import {
  bytesOf,
  children,
  contentOf,
  contextConstructed,
  expectTag,
  integer,
  objectIdentifier,
  octetString,
  readInteger,
  readNode,
  readObjectIdentifier,
  sequence,
} from './der';

export const DIGEST_OIDS: Readonly<Record<HashAlgorithm, string>> = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};

export function digestByOid(oid: string): HashAlgorithm {
  const found = (Object.keys(DIGEST_OIDS) as HashAlgorithm[]).find((k) => DIGEST_OIDS[k] === oid);
  if (!found)
    throw new ArchiveError(ArchiveErrorCode.EVIDENCE_MALFORMED, {
      reason: `unsupported digest algorithm ${oid}`,
    });
  return found;
}

/** RFC 4998 ArchiveTimeStamp: an RFC 3161 token over a hash-tree root, with the reduced tree of one data object. */
export interface ArchiveTimeStamp {
  digestAlgorithm?: HashAlgorithm;
  /** Each PartialHashtree is a list of hash values; the first one holds the data object's own hash. */
  reducedHashtree?: Buffer[][];
  /** The TimeStampToken (CMS ContentInfo), DER. */
  timeStamp: Buffer;
}

/** RFC 4998 EvidenceRecord (version 1, without cryptoInfos and encryptionInfo). */
export interface EvidenceRecord {
  digestAlgorithms: HashAlgorithm[];
  /** ArchiveTimeStampSequence: chains in order; a new chain starts with each hash-tree renewal. */
  chains: ArchiveTimeStamp[][];
}

const algorithmIdentifierContent = (alg: HashAlgorithm): Buffer => objectIdentifier(DIGEST_OIDS[alg]);

/**
 * ArchiveTimeStamp ::= SEQUENCE { digestAlgorithm [0] AlgorithmIdentifier OPTIONAL, attributes [1] OPTIONAL,
 * reducedHashtree [2] SEQUENCE OF PartialHashtree OPTIONAL, timeStamp ContentInfo } — the module uses IMPLICIT tags.
 */
export function encodeArchiveTimeStamp(ats: ArchiveTimeStamp): Buffer {
  const parts: Buffer[] = [];
  if (ats.digestAlgorithm) parts.push(contextConstructed(0, algorithmIdentifierContent(ats.digestAlgorithm)));
  if (ats.reducedHashtree)
    parts.push(
      contextConstructed(
        2,
        Buffer.concat(ats.reducedHashtree.map((pht) => sequence(...pht.map((h) => octetString(h))))),
      ),
    );
  parts.push(ats.timeStamp);
  return sequence(...parts);
}

export const encodeChain = (chain: readonly ArchiveTimeStamp[]): Buffer =>
  sequence(...chain.map(encodeArchiveTimeStamp));
export const encodeSequence = (chains: readonly ArchiveTimeStamp[][]): Buffer =>
  sequence(...chains.map(encodeChain));

/** EvidenceRecord ::= SEQUENCE { version INTEGER {v1(1)}, digestAlgorithms SEQUENCE OF AlgorithmIdentifier, …, archiveTimeStampSequence }. */
export function encodeEvidenceRecord(er: EvidenceRecord): Buffer {
  return sequence(
    integer(1),
    sequence(...er.digestAlgorithms.map((a) => sequence(algorithmIdentifierContent(a)))),
    encodeSequence(er.chains),
  );
}

function decodeArchiveTimeStamp(der: Buffer, node = readNode(der)): ArchiveTimeStamp {
  const out: ArchiveTimeStamp = { timeStamp: Buffer.alloc(0) };
  for (const part of children(expectTag(node, 0x30, 'ArchiveTimeStamp'))) {
    if (part.tag === 0xa0) out.digestAlgorithm = digestByOid(readObjectIdentifier(children(part)[0]));
    else if (part.tag === 0xa2)
      out.reducedHashtree = children(part).map((pht) =>
        children(expectTag(pht, 0x30, 'PartialHashtree')).map((h) =>
          Buffer.from(contentOf(expectTag(h, 0x04, 'hash value'))),
        ),
      );
    else if (part.tag === 0x30) out.timeStamp = Buffer.from(bytesOf(part));
    else if (part.tag !== 0xa1)
      throw new ArchiveError(ArchiveErrorCode.EVIDENCE_MALFORMED, {
        reason: `unexpected tag 0x${part.tag.toString(16)} in ArchiveTimeStamp`,
      });
  }
  if (out.timeStamp.length === 0)
    throw new ArchiveError(ArchiveErrorCode.EVIDENCE_MALFORMED, {
      reason: 'ArchiveTimeStamp without timeStamp',
    });
  return out;
}

export function decodeEvidenceRecord(der: Buffer): EvidenceRecord {
  const root = readNode(der);
  if (root.end !== der.length)
    throw new ArchiveError(ArchiveErrorCode.EVIDENCE_MALFORMED, { reason: 'trailing bytes' });
  const [version, algorithms, ...rest] = children(expectTag(root, 0x30, 'EvidenceRecord'));
  if (!version || readInteger(version) !== 1)
    throw new ArchiveError(ArchiveErrorCode.EVIDENCE_MALFORMED, { reason: 'version must be 1' });
  const digestAlgorithms = children(expectTag(algorithms, 0x30, 'digestAlgorithms')).map((a) =>
    digestByOid(readObjectIdentifier(children(a)[0])),
  );
  const sequenceNode = rest.find((n) => n.tag === 0x30);
  if (!sequenceNode)
    throw new ArchiveError(ArchiveErrorCode.EVIDENCE_MALFORMED, { reason: 'no archiveTimeStampSequence' });
  const chains = children(sequenceNode).map((chain) =>
    children(expectTag(chain, 0x30, 'ArchiveTimeStampChain')).map((ats) => decodeArchiveTimeStamp(der, ats)),
  );
  if (chains.length === 0 || chains.some((c) => c.length === 0))
    throw new ArchiveError(ArchiveErrorCode.EVIDENCE_MALFORMED, { reason: 'empty chain' });
  return { digestAlgorithms, chains };
}
