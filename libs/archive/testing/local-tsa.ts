import type { MessageImprint, TimestampProvider } from '@kyso/cms';
import { encodeTimeStampRequest, generateNonce, parseTimeStampResponse } from '@kyso/cms';
import { issueCertificate, SigningIdentity, testPki, TimeStampAuthority } from '@kyso/test-pki';

/**
 * An RFC 3161 TSA in this process (tests and benchmarks only): the test PKI's TSA, or a freshly minted TSA certificate
 * with a chosen expiry (to make an archive timestamp that stops protecting soon). No network, no shared state.
 */
export function localTsa(
  options: { notAfter?: Date; clock?: () => Date } = {},
): TimestampProvider & { lastTokenSize?: number; tsaCertificateDer: Buffer } {
  const pki = testPki();
  let signer: SigningIdentity;
  let chainDer: Buffer[];
  if (options.notAfter) {
    const minted = issueCertificate({
      subject: [
        ['C', 'VN'],
        ['O', 'Ban Cơ yếu Chính phủ (Test)'],
        ['CN', `Short-lived TSA ${Date.now()}`],
      ],
      profile: 'tsa',
      notBefore: new Date(Date.now() - 24 * 3600_000),
      notAfter: options.notAfter,
    });
    signer = new SigningIdentity(minted.certDer, minted.privateKey);
    chainDer = minted.chainDer;
  } else {
    signer = new SigningIdentity(pki.tsa.certDer, pki.tsa.privateKey());
    chainDer = pki.chainOf('tsa');
  }
  const tsa = new TimeStampAuthority({
    signer,
    chainDer,
    policyOid: pki.manifest.policies.timestamping,
    clock: options.clock ?? (() => new Date()),
  });
  const provider = {
    digestAlgorithm: 'sha256' as const,
    tsaCertificateDer: signer.certDer,
    lastTokenSize: undefined as number | undefined,
    async timestampImprint(imprint: MessageImprint) {
      const request = encodeTimeStampRequest({
        messageImprint: imprint,
        nonce: generateNonce(),
        certReq: true,
      });
      const response = parseTimeStampResponse(tsa.respond(request));
      if (!response.tokenDer) throw new Error(`local TSA refused: ${response.status}`);
      provider.lastTokenSize = response.tokenDer.length;
      return { tokenDer: response.tokenDer };
    },
  };
  return provider;
}
