import { CmsError, CmsErrorCode } from '../cms-error';
import {
  childrenOf,
  expectSequence,
  expectUniversal,
  explicitInner,
  isContext,
  rawOf,
  readRoot,
  UniversalTag,
  withContent,
} from '../asn1/der-reader';
import { sortDer, tlv } from '../asn1/der-writer';
import { OID } from '../asn1/oids';
import { digest } from '../algorithms/digest-algorithm';
import { TimestampProvider } from '../timestamp/timestamp-provider';
import { CmsAttribute, encodeAttribute } from './cms-attribute';
import { parseSignedData } from './signed-data-parser';

export interface AddUnsignedAttributeOptions {
  readonly signerIndex?: number;
}

/**
 * Adds an unsigned attribute to one SignerInfo. Every other byte keeps its value: only the lengths of
 * the enclosing elements change, so the signature and the signed attributes stay valid.
 * Returns a new DER ContentInfo (whatever followed the input's ContentInfo, e.g. zero padding, is dropped).
 */
export function addUnsignedAttribute(
  cmsDer: Uint8Array,
  attribute: CmsAttribute,
  options: AddUnsignedAttributeOptions = {},
): Buffer {
  const signerIndex = options.signerIndex ?? 0;
  const encoded = encodeAttribute(attribute);
  // Full structural check before any splicing; bytes after the ContentInfo are dropped.
  const input = parseSignedData(cmsDer).der;
  const contentInfo = readRoot(input, 'ContentInfo');
  const [typeNode, wrapper] = expectSequence(contentInfo, 'ContentInfo', 3);
  const signedDataNode = explicitInner(wrapper, 'ContentInfo.content');
  const sdFields = expectSequence(signedDataNode, 'SignedData', 8);
  const signerInfosNode = expectUniversal(sdFields[sdFields.length - 1], UniversalTag.Set, 'signerInfos');
  const signerInfos = childrenOf(signerInfosNode);
  const target = signerInfos[signerIndex];
  if (!target) throw new CmsError(CmsErrorCode.SignerNotFound, `no SignerInfo ${signerIndex}`);

  const siFields = expectSequence(target, 'SignerInfo', 8);
  const last = siFields[siFields.length - 1];
  const kept = isContext(last, 1) ? siFields.slice(0, -1) : siFields;
  const existing = isContext(last, 1) ? childrenOf(last).map((n) => rawOf(n)) : [];
  // [1] IMPLICIT SET OF Attribute: DER order for the whole set.
  const unsigned = tlv(0xa1, ...sortDer([...existing, encoded]));
  const newSignerInfo = withContent(target, ...kept.map(rawOf), unsigned);

  const newSignerInfos = withContent(
    signerInfosNode,
    ...signerInfos.map((si, i) => (i === signerIndex ? newSignerInfo : rawOf(si))),
  );
  const newSignedData = withContent(signedDataNode, ...sdFields.slice(0, -1).map(rawOf), newSignerInfos);
  return withContent(contentInfo, rawOf(typeNode), withContent(wrapper, newSignedData));
}

export interface AddSignatureTimestampOptions extends AddUnsignedAttributeOptions {
  readonly signal?: AbortSignal;
}

/**
 * Requests a time-stamp over the SignerInfo's signature value (EN 319 122-1 5.3: the imprint covers the
 * contents octets of the signature OCTET STRING) and adds it as id-aa-signatureTimeStampToken.
 * PAdES B-T from B-B, nothing signed is touched.
 */
export async function addSignatureTimestamp(
  cmsDer: Uint8Array,
  tsa: TimestampProvider,
  options: AddSignatureTimestampOptions = {},
): Promise<Buffer> {
  const parsed = parseSignedData(cmsDer);
  const signer = parsed.signers[options.signerIndex ?? 0];
  if (!signer) throw new CmsError(CmsErrorCode.SignerNotFound, `no SignerInfo ${options.signerIndex ?? 0}`);
  const imprint = { algorithm: tsa.digestAlgorithm, digest: digest(tsa.digestAlgorithm, signer.signature) };
  const { tokenDer } = await tsa.timestampImprint(imprint, { signal: options.signal });
  return addUnsignedAttribute(
    parsed.der,
    { type: OID.signatureTimeStampToken, values: [tokenDer] },
    { signerIndex: options.signerIndex },
  );
}
