import * as pkcs11js from 'pkcs11js';
import { type Pkcs11Module, toPkcs11Error, type TokenDescription } from '@kyso/pkcs11';
import type { StoredCertificate } from './certificate-summary';

/**
 * Reads the X.509 certificates a token shows without login (certificates are public objects).
 *
 * Adapter over the raw module: @kyso/pkcs11 only offers object listing on a logged-in TokenSession,
 * and the page must show the certificates before the leader types a PIN. It opens its own read-only
 * session, so it never touches a session a TokenSession owns.
 */
export function readPublicCertificates(module: Pkcs11Module, token: TokenDescription): StoredCertificate[] {
  const native = module.native;
  let session: Buffer | undefined;
  try {
    const { slot } = module.locateToken({ serial: token.serial }, token.serial);
    session = native.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    native.C_FindObjectsInit(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
      { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
    ]);
    const handles: Buffer[] = [];
    try {
      for (
        let batch = native.C_FindObjects(session, 32);
        batch.length > 0;
        batch = native.C_FindObjects(session, 32)
      ) {
        handles.push(...batch);
      }
    } finally {
      native.C_FindObjectsFinal(session);
    }
    const certificates: StoredCertificate[] = [];
    for (const handle of handles) {
      const values = new Map<number, Buffer | undefined>();
      for (const { type, value } of native.C_GetAttributeValue(session, handle, [
        { type: pkcs11js.CKA_VALUE },
        { type: pkcs11js.CKA_ID },
        { type: pkcs11js.CKA_LABEL },
      ])) {
        values.set(type, value as Buffer | undefined);
      }
      const der = values.get(pkcs11js.CKA_VALUE);
      if (!der || der.length === 0) continue;
      certificates.push({
        der: Buffer.from(der),
        idHex: (values.get(pkcs11js.CKA_ID) ?? Buffer.alloc(0)).toString('hex'),
        label: (values.get(pkcs11js.CKA_LABEL) ?? Buffer.alloc(0)).toString('utf8').replace(/\0+$/, ''),
      });
    }
    return certificates;
  } catch (err) {
    throw toPkcs11Error(err, { token: `"${token.label}"` });
  } finally {
    if (session) {
      try {
        native.C_CloseSession(session);
      } catch {
        // The token may have left meanwhile; the session went with it.
      }
    }
  }
}
