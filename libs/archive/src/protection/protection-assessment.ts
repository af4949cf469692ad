import { X509Certificate } from 'node:crypto';
import {
  type CertificateInfo,
  findSignerCertificate,
  namesEqual,
  parseCrl,
  parseOcspResponse,
  parseSignedData,
  parseTimeStampToken,
  readCertificate,
} from '@kyso/cms';
import { listSignatures, type PdfInput, readDss, withReader } from '@kyso/pdf';
import { trimDer } from '@kyso/signing';
import { type ArchivePolicy, DEFAULT_ARCHIVE_POLICY, endOfDay } from './archive-policy';

export type ProtectionLevel = 'unsigned' | 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

/** How well one stored PDF can be verified in the long run, and until when. */
export interface ProtectionAssessment {
  level: ProtectionLevel;
  signatures: number;
  /** Every signature's signer has an OCSP response or CRL in the DSS. */
  validationDataComplete: boolean;
  /** genTime of the last document timestamp. */
  lastTimestampAt: Date | null;
  /** When the last document timestamp stops protecting the file (null when there is none). */
  protectedUntil: Date | null;
  /** What sets `protectedUntil`: the TSA certificate's expiry or an algorithm's end. */
  limitedBy: string | null;
  /** When to renew: `protectedUntil` minus the policy's margin; now when the file is not B-LTA. */
  renewAfter: Date | null;
}

function earliest(candidates: Array<{ at: Date; why: string }>): { at: Date; why: string } | null {
  return candidates.reduce<{ at: Date; why: string } | null>(
    (best, c) => (!best || c.at < best.at ? c : best),
    null,
  );
}

/** The limits of one timestamp token: its TSA certificate's expiry, its imprint digest, its TSA's key. */
export function timestampHorizon(
  tokenDer: Buffer,
  policy: ArchivePolicy = DEFAULT_ARCHIVE_POLICY,
  extraCertificates: readonly Buffer[] = [],
): { genTime: Date; until: Date; why: string } {
  const token = parseTimeStampToken(tokenDer, extraCertificates);
  const candidates: Array<{ at: Date; why: string }> = [];
  if (token.tsaCertificateDer) {
    const tsa = readCertificate(token.tsaCertificateDer);
    candidates.push({ at: tsa.notAfter, why: `TSA certificate expiry (${tsa.subject.text})` });
    const key = new X509Certificate(token.tsaCertificateDer).publicKey;
    const bits = key.asymmetricKeyDetails?.modulusLength;
    if ((key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') && bits) {
      const rule = policy.rsaSunset.find((r) => bits < r.belowBits);
      if (rule) candidates.push({ at: endOfDay(rule.until), why: `algorithm: TSA key ${rule.source}` });
    }
  }
  const digest = token.messageImprint.algorithm.name;
  const sunset = digest ? policy.digestSunset[digest] : undefined;
  if (sunset) candidates.push({ at: endOfDay(sunset), why: `algorithm: ${digest}` });
  const best = earliest(candidates) ?? { at: token.genTime, why: 'timestamp without TSA certificate' };
  return { genTime: token.genTime, until: best.at, why: best.why };
}

/**
 * Reads a PDF's signatures, DSS and last document timestamp. Never fetches anything: it says what the file holds.
 */
export async function assessProtection(
  input: PdfInput,
  options: { policy?: ArchivePolicy; now?: Date; extraCertificates?: readonly Buffer[] } = {},
): Promise<ProtectionAssessment> {
  const policy = options.policy ?? DEFAULT_ARCHIVE_POLICY;
  const now = options.now ?? new Date();
  return withReader(input, async (reader) => {
    const entries = await listSignatures(reader);
    const signatures = entries.filter((e) => e.kind === 'signature');
    if (signatures.length === 0) {
      return {
        level: 'unsigned',
        signatures: 0,
        validationDataComplete: false,
        lastTimestampAt: null,
        protectedUntil: null,
        limitedBy: null,
        renewAfter: null,
      };
    }
    const dss = await readDss(reader);
    const pool = [...(options.extraCertificates ?? []), ...(dss?.certs ?? []).map((c) => c.data)];
    const ocspSerials = new Set<string>();
    for (const item of dss?.ocsps ?? []) {
      try {
        for (const r of parseOcspResponse(item.data).basic?.responses ?? [])
          ocspSerials.add(r.certId.serialHex);
      } catch {
        /* an unreadable response covers nothing */
      }
    }
    const crls = (dss?.crls ?? []).flatMap((item) => {
      try {
        return [parseCrl(item.data)];
      } catch {
        return [];
      }
    });
    let complete = !!dss;
    let timestamped = false;
    for (const sig of signatures) {
      let signer: CertificateInfo | undefined;
      try {
        const cms = parseSignedData(trimDer(sig.contents));
        signer = findSignerCertificate(cms, 0, pool)?.certificate;
        timestamped ||= (cms.signers[0]?.signatureTimestampTokens?.length ?? 0) > 0;
      } catch {
        signer = undefined;
      }
      const covered =
        !!signer &&
        (ocspSerials.has(signer.serialHex) || crls.some((c) => namesEqual(c.issuer.der, signer!.issuer.der)));
      complete &&= covered;
    }
    const last = entries[entries.length - 1];
    const lastCoversFile =
      last.kind === 'document-timestamp' &&
      !!last.byteRange &&
      last.byteRange[2] + last.byteRange[3] === reader.revision.endOffset;
    const level: ProtectionLevel =
      complete && lastCoversFile ? 'B-LTA' : complete ? 'B-LT' : timestamped ? 'B-T' : 'B-B';
    if (level !== 'B-LTA') {
      return {
        level,
        signatures: signatures.length,
        validationDataComplete: complete,
        lastTimestampAt: null,
        protectedUntil: null,
        limitedBy: null,
        renewAfter: now,
      };
    }
    const horizon = timestampHorizon(trimDer(last.contents), policy, pool);
    return {
      level,
      signatures: signatures.length,
      validationDataComplete: complete,
      lastTimestampAt: horizon.genTime,
      protectedUntil: horizon.until,
      limitedBy: horizon.why,
      renewAfter: new Date(horizon.until.getTime() - policy.renewalMarginDays * 86_400_000),
    };
  });
}

/** Already fine: B-LTA whose protection lasts beyond the renewal margin. */
export function isAlreadyProtected(a: ProtectionAssessment, now: Date): boolean {
  return a.level === 'B-LTA' && !!a.renewAfter && a.renewAfter.getTime() > now.getTime();
}
