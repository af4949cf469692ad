import { type PdfInput, type PdfUpdateOutput, withReader, PdfReader } from '@kyso/pdf';
import type { DigestAlgorithm, Signer } from '../signer';
import { type AppearanceRequest, placeAppearance } from './appearance';
import { checkSignerCertificate } from './certificate-check';
import { extendPdf } from './extend';
import { type PadesLevel, levelAtLeast } from './pades-level';
import { prepareSigning, signPrepared } from './signing-pipeline';
import type { TrustServices } from './trust-services';

export interface SignPdfOptions {
  level: PadesLevel;
  digest?: DigestAlgorithm;
  appearance?: AppearanceRequest;
  reason?: string;
  location?: string;
  certify?: 1 | 2 | 3;
  fieldName?: string;
  /** Skip the pre-signing certificate check (only for tests of what verifiers do with bad certificates). */
  skipCertificateCheck?: boolean;
}

/**
 * Signs a PDF in one go with a signer that answers at once: certificate check → prepare → sign → embed
 * (+ signature timestamp for B-T) → DSS (B-LT) → document timestamp (B-LTA). Returns the final output
 * (original bytes untouched, updates appended); nothing is written until the caller writes it.
 */
export async function signPdf(
  input: PdfInput,
  signer: Signer,
  services: TrustServices,
  options: SignPdfOptions,
): Promise<PdfUpdateOutput> {
  if (!options.skipCertificateCheck)
    await checkSignerCertificate(signer.certificate, signer.chain[0], services);
  const signingTime = services.now();
  const signed = await withReader(input, async (reader) => {
    const placed = await placeAppearance(reader, options.appearance ?? { kind: 'none' }, signingTime);
    const tsa = services.tsa as (typeof services.tsa & { lastTokenSize?: number }) | undefined;
    const prep = await prepareSigning(reader, signer, {
      level: options.level,
      digest: options.digest,
      fieldName: options.fieldName,
      pageIndex: placed.pageIndex,
      rect: placed.rect,
      appearance: placed.appearance,
      reason: options.reason,
      location: options.location,
      certify: options.certify,
      signingTime,
      expectedTimestampBytes: tsa?.lastTokenSize,
    });
    return signPrepared(prep, signer, services.tsa);
  });
  if (!levelAtLeast(options.level, 'B-LT')) return signed;
  const extended = await extendPdf(
    await PdfReader.open(signed.toByteSource()),
    options.level as 'B-LT' | 'B-LTA',
    services,
    [...signer.chain],
  );
  return extended ?? signed;
}
