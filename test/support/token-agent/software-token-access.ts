import { constants, privateEncrypt } from 'node:crypto';
import { AgentErrorCode, type AgentCertificateList } from '@kyso/agent-protocol';
import { encodeDigestInfo, Pkcs11Error, type Secret } from '@kyso/pkcs11';
import { selfSignedCertificate, type SelfSignedCertificate } from '../self-signed';
import { AgentError } from '../../../apps/token-agent/src/agent-error';
import { summariseCertificates } from '../../../apps/token-agent/src/tokens/certificate-summary';
import type {
  TokenAccess,
  TokenSignature,
  TokenSignRequest,
} from '../../../apps/token-agent/src/tokens/token-access';

/**
 * A software stand-in for one USB token with one RSA certificate, for the HTTP-layer unit tests.
 * It keeps the real token's PIN rules (wrong PIN fails, no PIN needs an earlier login) and signs
 * the digest with PKCS#1 v1.5 exactly as CKM_RSA_PKCS over a DigestInfo does.
 */
export class SoftwareTokenAccess implements TokenAccess {
  readonly serial = 'SOFT-0001';
  readonly label = 'leader';
  readonly certificate: SelfSignedCertificate;
  /** Every Secret the agent handed over, to check that each one was wiped or kept on purpose. */
  readonly receivedPins: Secret[] = [];
  private loggedIn: Secret | undefined;
  signatures = 0;

  constructor(
    private readonly pin: string,
    certificate?: SelfSignedCertificate,
  ) {
    this.certificate = certificate ?? selfSignedCertificate({ keyType: 'rsa' });
  }

  async inventory(): Promise<AgentCertificateList> {
    return {
      tokens: [{ tokenLabel: this.label, tokenSerial: this.serial, module: 'software' }],
      certificates: summariseCertificates(
        [{ der: this.certificate.certificateDer, idHex: '01', label: 'leader-rsa' }],
        { label: this.label, serial: this.serial },
      ),
    };
  }

  async sign(request: TokenSignRequest): Promise<TokenSignature> {
    if (request.pin) {
      this.receivedPins.push(request.pin);
      this.loggedIn?.wipe();
      this.loggedIn = undefined;
      const ok = request.pin.use((value) => value === this.pin);
      if (!ok) {
        request.pin.wipe();
        throw Pkcs11Error.pinIncorrect({ lastTry: false, triesLeftLow: true }, 'CKR_PIN_INCORRECT');
      }
      this.loggedIn = request.pin;
    }
    if (!this.loggedIn) throw new AgentError(AgentErrorCode.PIN_REQUIRED);
    this.signatures++;
    const block = encodeDigestInfo(request.digestAlgorithm, request.digest);
    const signature = privateEncrypt(
      { key: this.certificate.privateKey, padding: constants.RSA_PKCS1_PADDING },
      block,
    );
    return { signature, signatureAlgorithm: 'rsa-pkcs1' };
  }

  async close(): Promise<void> {
    this.loggedIn?.wipe();
    this.loggedIn = undefined;
  }
}
