import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigningError, SigningErrorCode } from '../signing.error';

export interface Pkcs12Contents {
  privateKey: KeyObject;
  certificate: Buffer;
  /** Other certificates in the file (issuers), in file order. */
  others: Buffer[];
}

const OID_KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const OID_SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const OID_CERT_BAG = '1.2.840.113549.1.12.10.1.3';

function ensureEngine(): void {
  if (!pkijs.getEngine().crypto) {
    pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: globalThis.crypto }));
  }
}

/**
 * Reads a PKCS#12 file (PBES2 / AES, as OpenSSL 3 writes by default). The key whose public half matches a
 * certificate in the file decides which certificate is the signer's. Legacy RC2/3DES files get a clear error.
 */
export async function readPkcs12(data: Buffer, password: string): Promise<Pkcs12Contents> {
  ensureEngine();
  let pfx: pkijs.PFX;
  try {
    const asn = asn1js.fromBER(new Uint8Array(data));
    if (asn.offset === -1) throw new Error('not DER');
    pfx = new pkijs.PFX({ schema: asn.result });
  } catch {
    throw new SigningError(SigningErrorCode.PKCS12_INVALID, 'the file is not a PKCS#12 (.p12/.pfx) file');
  }
  const pwd = new TextEncoder().encode(password).buffer;
  try {
    await pfx.parseInternalValues({ password: pwd, checkIntegrity: true });
  } catch (err) {
    throw new SigningError(
      SigningErrorCode.PKCS12_PASSWORD,
      `cannot open the PKCS#12 file: wrong password or damaged file (${(err as Error).message})`,
    );
  }
  const keys: Buffer[] = [];
  const certs: Buffer[] = [];
  const authSafe = pfx.parsedValue?.authenticatedSafe;
  if (!authSafe) throw new SigningError(SigningErrorCode.PKCS12_INVALID, 'the PKCS#12 file has no contents');
  try {
    // One decryption parameter per ContentInfo of the AuthenticatedSafe (certificates and key are usually separate).
    await authSafe.parseInternalValues({
      safeContents: authSafe.safeContents.map(() => ({ password: pwd })),
    });
  } catch (err) {
    const message = (err as Error).message;
    throw new SigningError(
      SigningErrorCode.PKCS12_INVALID,
      /Unsupported|algorithm|Unknown/i.test(message)
        ? 'the PKCS#12 file uses legacy encryption; convert it: openssl pkcs12 -in old.p12 -legacy -nodes | openssl pkcs12 -export -out new.p12'
        : `cannot decrypt the PKCS#12 contents: ${message}`,
    );
  }
  for (const { value } of authSafe.parsedValue!.safeContents as Array<{ value: pkijs.SafeContents }>) {
    for (const bag of value.safeBags) {
      if (bag.bagId === OID_SHROUDED_KEY_BAG) {
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
        // pkijs marks this protected although PFX parsing is its documented use.
        await (
          shrouded as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> }
        ).parseInternalValues({ password: pwd });
        keys.push(Buffer.from(shrouded.parsedValue!.toSchema().toBER()));
      } else if (bag.bagId === OID_KEY_BAG) {
        keys.push(Buffer.from((bag.bagValue as pkijs.PrivateKeyInfo).toSchema().toBER()));
      } else if (bag.bagId === OID_CERT_BAG) {
        const certBag = bag.bagValue as pkijs.CertBag;
        if (certBag.parsedValue instanceof pkijs.Certificate)
          certs.push(Buffer.from(certBag.parsedValue.toSchema().toBER()));
      }
    }
  }
  if (keys.length === 0)
    throw new SigningError(SigningErrorCode.PKCS12_INVALID, 'the PKCS#12 file holds no private key');
  const privateKey = createPrivateKey({ key: keys[0], format: 'der', type: 'pkcs8' });
  const pub = createPublicKeyDer(privateKey);
  const index = certs.findIndex((c) =>
    new X509Certificate(c).publicKey.export({ type: 'spki', format: 'der' }).equals(pub),
  );
  if (index < 0)
    throw new SigningError(
      SigningErrorCode.KEY_CERTIFICATE_MISMATCH,
      'no certificate in the PKCS#12 file matches its private key',
    );
  return { privateKey, certificate: certs[index], others: certs.filter((_, i) => i !== index) };
}

function createPublicKeyDer(key: KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}
