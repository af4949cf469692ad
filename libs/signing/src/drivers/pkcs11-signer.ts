import { X509Certificate } from 'node:crypto';
import {
  Pkcs11Module,
  type KeyQuery,
  type SessionPool,
  type TokenKey,
  type TokenSelector,
} from '@kyso/pkcs11';
import type { DigestAlgorithm, SignatureScheme, Signer } from '../signer';
import { SigningError, SigningErrorCode } from '../signing.error';
import { chainFromAia } from '../pipeline/issuer-chain';
import { orderChain } from './software-signer';

export interface Pkcs11SignerOptions {
  module: string;
  token: TokenSelector;
  key: KeyQuery;
  /** The PIN; used to log in and then dropped by the caller. Never logged or stored by kyso. */
  pin: string;
  /** Certificate to use instead of the token's certificate object with the key's CKA_ID. */
  certificate?: Buffer;
  /** Issuer certificates (any order); ordered into a path here. */
  chain?: readonly Buffer[];
  /** Parallel sessions: one for a USB token, several for an HSM. */
  sessions?: number;
  /** Complete a missing chain through the certificate's AIA caIssuers URLs (tokens rarely hold issuers). */
  chainFromAia?: boolean;
  /** RSA keys sign PKCS#1 v1.5 unless PSS is asked for. */
  rsaScheme?: 'rsa-pkcs1' | 'rsa-pss';
}

/** A key on a PKCS#11 token or HSM, signing through a session pool with the asynchronous C_Sign. */
export class Pkcs11Signer implements Signer {
  private constructor(
    private readonly pool: SessionPool,
    private readonly module: Pkcs11Module,
    private readonly key: TokenKey,
    readonly certificate: Buffer,
    readonly chain: readonly Buffer[],
    readonly scheme: SignatureScheme,
  ) {}

  static async open(options: Pkcs11SignerOptions): Promise<Pkcs11Signer> {
    const module = Pkcs11Module.load(options.module);
    let pool: SessionPool | undefined;
    try {
      pool = await module.openPool(options.token, options.pin, { size: options.sessions ?? 1 });
      const key = await pool.findKey(options.key);
      const certificate = options.certificate ?? key.certificateDer;
      if (!certificate) {
        throw new SigningError(
          SigningErrorCode.KEY_CERTIFICATE_MISMATCH,
          `the token holds no certificate for key ${key.label || key.idHex}; the certificate has to be given with the key`,
        );
      }
      const pub = (await pool.exportPublicKey(key)).export({ type: 'spki', format: 'der' });
      if (!new X509Certificate(certificate).publicKey.export({ type: 'spki', format: 'der' }).equals(pub)) {
        throw new SigningError(
          SigningErrorCode.KEY_CERTIFICATE_MISMATCH,
          `the certificate does not belong to key ${key.label || key.idHex}`,
        );
      }
      const scheme: SignatureScheme = key.keyType === 'ec' ? 'ecdsa' : (options.rsaScheme ?? 'rsa-pkcs1');
      const given = options.chain ?? [];
      const chain =
        given.length === 0 && options.chainFromAia
          ? await chainFromAia(certificate)
          : orderChain(certificate, given);
      return new Pkcs11Signer(pool, module, key, certificate, chain, scheme);
    } catch (err) {
      await pool?.close();
      await module.close();
      throw err;
    }
  }

  sign(data: Buffer, digest: DigestAlgorithm): Promise<Buffer> {
    const scheme = this.scheme === 'ecdsa' ? 'ecdsa' : this.scheme === 'rsa-pss' ? 'pss' : 'pkcs1';
    return this.pool.signDigest(this.key, { hash: digest, scheme }, data);
  }

  async close(): Promise<void> {
    await this.pool.close();
    await this.module.close();
  }
}
