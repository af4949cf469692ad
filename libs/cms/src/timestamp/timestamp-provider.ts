import { DigestAlgorithmName } from '../algorithms/digest-algorithm';

/** RFC 3161 MessageImprint: the hash a time-stamp is requested over. */
export interface MessageImprint {
  readonly algorithm: DigestAlgorithmName;
  readonly digest: Buffer;
}

/** What addSignatureTimestamp needs from a TSA: the port a TsaClient implements and tests fake. */
export interface TimestampProvider {
  /** Digest algorithm used for message imprints. */
  readonly digestAlgorithm: DigestAlgorithmName;
  /** Returns the DER TimeStampToken (a ContentInfo), already checked against the imprint. */
  timestampImprint(
    imprint: MessageImprint,
    options?: { signal?: AbortSignal },
  ): Promise<{ readonly tokenDer: Buffer }>;
}
