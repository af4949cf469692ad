import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';

type EngineCrypto = ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'];

/**
 * pkijs's global crypto engine, set to Node's WebCrypto exactly once per process (importing this module
 * is enough). libs/cms itself hashes and verifies with node:crypto (RSA-2048 verify measured here: 33 µs
 * vs 68 µs through WebCrypto) and parses with its own DER reader (readCertificate ~60 µs against ~2.4 ms
 * for pkijs.Certificate with extensions). pkijs stays available, configured, for callers and tests that
 * want its object model or an independent second opinion.
 */
pkijs.setEngine(
  'node',
  new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as EngineCrypto }),
);

export { pkijs };
