import { x509Builders } from '../pki-builders';
import type { TestCaName } from '../test-pki';
import type { RevocationRegistry } from './revocation-registry';
import { SigningIdentity, wholeSeconds } from './signing-identity';

const ONE_DAY_MS = 24 * 60 * 60 * 1000;

export interface CrlPublisherOptions {
  cas: Map<TestCaName, SigningIdentity>;
  revocations: RevocationRegistry;
  clock: () => Date;
}

/**
 * Issues a fresh CRL per request, signed by the CA, listing every revocation in force (the base
 * state and run-time ones). cRLNumber is the issue time in seconds, so it only grows.
 */
export class CrlPublisher {
  constructor(private readonly options: CrlPublisherOptions) {}

  has(name: string): name is TestCaName {
    return this.options.cas.has(name as TestCaName);
  }

  crlFor(name: TestCaName): Buffer {
    const ca = this.options.cas.get(name);
    if (!ca) throw new Error(`no CA named ${name}`);
    const builders = x509Builders();
    const now = wholeSeconds(this.options.clock());
    return builders.buildCrl({
      issuerName: builders.nodeFromDer(ca.subjectDer),
      issuerSpkiDer: ca.spkiDer,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + ONE_DAY_MS),
      crlNumber: Math.floor(now.getTime() / 1000),
      revoked: this.options.revocations.listFor(name, now).map((r) => ({
        serial: serialBytes(r.serialHex),
        revokedAt: wholeSeconds(r.revokedAt),
        reason: r.reason,
      })),
      signingKey: ca.key(),
    });
  }
}

/** DER INTEGER content of a positive serial: even-length hex, a 00 prefix when the top bit is set. */
function serialBytes(serialHex: string): Buffer {
  const bytes = Buffer.from(serialHex.length % 2 ? `0${serialHex}` : serialHex, 'hex');
  return bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}
