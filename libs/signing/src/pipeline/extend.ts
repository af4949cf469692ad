import type { TimestampProvider } from '@kyso/cms';
import {
  appendDss,
  embedContents,
  hashByteRange,
  listSignatures,
  type PdfInput,
  PdfReader,
  type PdfUpdateOutput,
  prepareSignature,
  withReader,
} from '@kyso/pdf';
import type { DigestAlgorithm } from '../signer';
import { SigningError, SigningErrorCode } from '../signing.error';
import type { PadesLevel } from './pades-level';
import type { TrustServices } from './trust-services';
import { collectValidationData, type ValidationData } from './validation-data';

export interface ExtendResult {
  /** The incremental update that appends the DSS; undefined when the document already holds everything. */
  output?: PdfUpdateOutput;
  validationData?: ValidationData;
}

/**
 * B-LT: appends a DSS with the certificates, OCSP responses and CRLs of every signature and timestamp, as an
 * incremental update. Earlier revisions are untouched. Fails when validation data is missing, because a
 * document that claims B-LT but cannot be validated later is worse than one that honestly stays B-T.
 */
export async function addValidationData(
  input: PdfInput,
  services: Pick<TrustServices, 'ocsp' | 'crl'>,
  extraCertificates: readonly Buffer[] = [],
): Promise<ExtendResult> {
  return withReader(input, async (reader) => {
    if ((await listSignatures(reader)).length === 0) {
      throw new SigningError(
        SigningErrorCode.PDF_NOT_SIGNED,
        'the PDF has no signature to add validation data for',
      );
    }
    const data = await collectValidationData(reader, services, extraCertificates);
    if (data.missing.length > 0) {
      throw new SigningError(
        SigningErrorCode.REVOCATION_UNKNOWN,
        `validation data incomplete: ${data.missing.join('; ')}`,
        { missing: data.missing },
        // One AggregateError per missing item: what its services answered (a caller decides whether to retry).
        {
          cause: new AggregateError(
            data.causes.map((c) => new AggregateError(c)),
            'validation data incomplete',
          ),
        },
      );
    }
    const output = await appendDss(reader, { certs: data.certs, ocsps: data.ocsps, crls: data.crls });
    return { output: output.update.length > 0 ? output : undefined, validationData: data };
  });
}

/** B-LTA: a document timestamp (/DocTimeStamp, ETSI.RFC3161) over the whole file as it is now. */
export async function addDocumentTimestamp(
  input: PdfInput,
  tsa: TimestampProvider & { lastTokenSize?: number },
): Promise<PdfUpdateOutput> {
  return withReader(input, async (reader) => {
    const contentsSize = (tsa.lastTokenSize ?? 6144) + 2048;
    const prepared = await prepareSignature(reader, { kind: 'document-timestamp', contentsSize });
    const digest = await hashByteRange(
      prepared.output.toByteSource(),
      prepared.byteRange,
      tsa.digestAlgorithm as DigestAlgorithm,
    );
    const { tokenDer } = await tsa.timestampImprint({ algorithm: tsa.digestAlgorithm, digest });
    return embedContents(prepared, tokenDer);
  });
}

/**
 * Raises a signed PDF to `level` without touching earlier revisions: B-LT adds a DSS; B-LTA adds a DSS and then
 * a document timestamp. Running B-LTA again on a B-LTA file renews its archive timestamp (fresh validation data
 * for everything, including the previous document timestamp, then a new timestamp over it all).
 */
export async function extendPdf(
  input: PdfInput,
  level: Extract<PadesLevel, 'B-LT' | 'B-LTA'>,
  services: TrustServices,
  extraCertificates: readonly Buffer[] = [],
): Promise<PdfUpdateOutput | undefined> {
  return withReader(input, async (reader) => {
    const lt = await addValidationData(reader, services, extraCertificates);
    if (level === 'B-LT') return lt.output;
    if (!services.tsa)
      throw new SigningError(SigningErrorCode.TSA_REQUIRED, 'a timestamp authority is needed for B-LTA');
    const base = lt.output ? await PdfReader.open(lt.output.toByteSource()) : reader;
    return addDocumentTimestamp(base, services.tsa);
  });
}
