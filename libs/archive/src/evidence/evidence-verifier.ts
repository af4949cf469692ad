import { createHash } from 'node:crypto';
import { parseTimeStampToken, verifyTimeStampToken } from '@kyso/cms';
import type { HashAlgorithm } from '@kyso/native';
import { type ArchiveTimeStamp, decodeEvidenceRecord, encodeSequence } from './evidence-record';
import { reducedTreeRoot } from './reduced-hash-tree';

export interface StampCheck {
  chain: number;
  stamp: number;
  algorithm: HashAlgorithm;
  genTime: Date | null;
  tsaNotAfter: Date | null;
  /** The hash this stamp had to cover was found where RFC 4998 puts it. */
  covered: boolean;
  /** The token's imprint equals the root of the reduced hash tree. */
  imprintMatches: boolean;
  tokenValid: boolean;
  problems: string[];
}

export interface EvidenceVerification {
  valid: boolean;
  /** The first timestamp: the data existed, unchanged, at this time. */
  existedAt: Date | null;
  /** When the last timestamp's TSA certificate expires: renew before. */
  renewBefore: Date | null;
  stamps: StampCheck[];
  problems: string[];
}

/**
 * Verifies an RFC 4998 evidence record against the data it protects (5.3):
 * - chain 0 covers the data hash; chain k > 0 (hash-tree renewal) covers H(H(data) || H(DER of chains 0..k-1));
 * - the first stamp of a chain: the hash is in the first PartialHashtree and the reduced tree hashes to the token's
 *   imprint; each later stamp of a chain (timestamp renewal) covers the hash of the previous stamp's timeStamp;
 * - every token verifies (signature, ESS certificate, TSA key usage), and each renewal happened while the stamp it
 *   renews was still valid (before its TSA certificate expired).
 * `dataHash(algorithm)` gives the hash of the data object (or data group) under an algorithm.
 */
export async function verifyEvidenceRecord(
  der: Buffer,
  dataHash: (algorithm: HashAlgorithm) => Buffer | Promise<Buffer>,
  options: { extraCertificates?: readonly Buffer[] } = {},
): Promise<EvidenceVerification> {
  const record = decodeEvidenceRecord(der);
  const stamps: StampCheck[] = [];
  const problems: string[] = [];
  let previous: StampCheck | undefined;
  for (const [c, chain] of record.chains.entries()) {
    for (const [s, ats] of chain.entries()) {
      const check = await checkStamp(record.chains, c, s, ats, dataHash, options.extraCertificates ?? []);
      if (previous?.tsaNotAfter && check.genTime && check.genTime > previous.tsaNotAfter) {
        check.problems.push(
          `renewed on ${check.genTime.toISOString()}, after the previous stamp stopped protecting (${previous.tsaNotAfter.toISOString()})`,
        );
      }
      if (previous?.genTime && check.genTime && check.genTime < previous.genTime)
        check.problems.push('stamp is older than the stamp it renews');
      stamps.push(check);
      previous = check;
    }
  }
  for (const s of stamps) problems.push(...s.problems.map((p) => `chain ${s.chain} stamp ${s.stamp}: ${p}`));
  return {
    valid: problems.length === 0,
    existedAt: stamps[0]?.genTime ?? null,
    renewBefore: stamps[stamps.length - 1]?.tsaNotAfter ?? null,
    stamps,
    problems,
  };
}

async function checkStamp(
  chains: ArchiveTimeStamp[][],
  c: number,
  s: number,
  ats: ArchiveTimeStamp,
  dataHash: (algorithm: HashAlgorithm) => Buffer | Promise<Buffer>,
  extraCertificates: readonly Buffer[],
): Promise<StampCheck> {
  const problems: string[] = [];
  let token;
  try {
    token = parseTimeStampToken(ats.timeStamp, extraCertificates);
  } catch (err) {
    return {
      chain: c,
      stamp: s,
      algorithm: ats.digestAlgorithm ?? 'sha256',
      genTime: null,
      tsaNotAfter: null,
      covered: false,
      imprintMatches: false,
      tokenValid: false,
      problems: [`unreadable timestamp: ${(err as Error).message}`],
    };
  }
  const algorithm = (ats.digestAlgorithm ?? token.messageImprint.algorithm.name) as HashAlgorithm;
  const H = (...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHash(algorithm)).digest();
  let expected: Buffer;
  if (s > 0) {
    expected = H(chains[c][s - 1].timeStamp);
  } else {
    const data = Buffer.from(await dataHash(algorithm));
    expected = c === 0 ? data : H(data, H(encodeSequence(chains.slice(0, c))));
  }
  const tree = ats.reducedHashtree;
  const covered = tree ? tree[0].some((h) => h.equals(expected)) : true;
  if (!covered) problems.push('the protected hash is not in the first partial hash tree');
  const root = tree ? reducedTreeRoot(tree, algorithm) : expected;
  const imprintMatches =
    token.messageImprint.algorithm.name === algorithm && token.messageImprint.digest.equals(root);
  if (!imprintMatches) problems.push('the timestamp does not cover the hash-tree root');
  const verification = verifyTimeStampToken(ats.timeStamp, { extraCertificates });
  if (!verification.valid) problems.push(...verification.problems);
  return {
    chain: c,
    stamp: s,
    algorithm,
    genTime: token.genTime,
    tsaNotAfter: verification.tsaCertificate?.notAfter ?? null,
    covered,
    imprintMatches,
    tokenValid: verification.valid,
    problems,
  };
}
