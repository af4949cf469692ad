import { createPublicKey, type KeyObject } from 'node:crypto';
import { DER_TAG, derBitString, derObjectIdentifier, derSequence, readDerElement } from './der';

export type EcCurveName = 'P-256' | 'P-384' | 'P-521' | 'secp256k1';

interface CurveSpec {
  readonly name: EcCurveName;
  /** CKA_EC_PARAMS as the namedCurve OBJECT IDENTIFIER, DER, hex. */
  readonly paramsHex: string;
  readonly fieldBytes: number;
}

const CURVES: readonly CurveSpec[] = [
  { name: 'P-256', paramsHex: '06082a8648ce3d030107', fieldBytes: 32 },
  { name: 'P-384', paramsHex: '06052b81040022', fieldBytes: 48 },
  { name: 'P-521', paramsHex: '06052b81040023', fieldBytes: 66 },
  { name: 'secp256k1', paramsHex: '06052b8104000a', fieldBytes: 32 },
];

const EC_PUBLIC_KEY_OID = '1.2.840.10045.2.1';

/** The named curve of a CKA_EC_PARAMS value, or undefined for explicit parameters / unknown curves. */
export function curveOfEcParams(ecParams: Buffer): EcCurveName | undefined {
  const hex = ecParams.toString('hex');
  return CURVES.find((curve) => curve.paramsHex === hex)?.name;
}

export function rsaPublicKeyFrom(modulus: Buffer, publicExponent: Buffer): KeyObject {
  return createPublicKey({
    key: { kty: 'RSA', n: unsignedBase64Url(modulus), e: unsignedBase64Url(publicExponent) },
    format: 'jwk',
  });
}

/**
 * Builds the public key from CKA_EC_PARAMS and CKA_EC_POINT. The spec says CKA_EC_POINT is a DER
 * OCTET STRING around the point, but some tokens store the bare point; the curve's field size tells
 * the two apart without guessing (a bare uncompressed point is 1 + 2·fieldBytes long).
 */
export function ecPublicKeyFrom(ecParams: Buffer, ecPoint: Buffer): KeyObject {
  const curve = CURVES.find((candidate) => candidate.paramsHex === ecParams.toString('hex'));
  const point = unwrapEcPoint(ecPoint, curve?.fieldBytes);
  const spki = derSequence(
    derSequence(derObjectIdentifier(EC_PUBLIC_KEY_OID), ecParams),
    derBitString(point),
  );
  return createPublicKey({ key: spki, format: 'der', type: 'spki' });
}

function unwrapEcPoint(ecPoint: Buffer, fieldBytes: number | undefined): Buffer {
  const isBarePoint =
    fieldBytes !== undefined
      ? (ecPoint.length === 1 + 2 * fieldBytes && ecPoint[0] === 0x04) ||
        (ecPoint.length === 1 + fieldBytes && (ecPoint[0] === 0x02 || ecPoint[0] === 0x03))
      : false;
  if (isBarePoint) return ecPoint;
  const element = readDerElement(ecPoint);
  if (element.tag !== DER_TAG.octetString || element.end !== ecPoint.length) {
    throw new RangeError('CKA_EC_POINT is neither a DER OCTET STRING nor a bare point');
  }
  return element.content;
}

function unsignedBase64Url(value: Buffer): string {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  return value.subarray(start).toString('base64url');
}
