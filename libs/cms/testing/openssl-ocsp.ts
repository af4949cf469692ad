import { readFile, writeFile } from 'node:fs/promises';
import { openssl, tempFiles } from './openssl';
import { TestIdentity } from './test-certificates';

export interface OpensslOcspEntry {
  readonly cert: TestIdentity;
  /** Revoked at this time with this reason name (openssl index syntax, e.g. keyCompromise). */
  readonly revoked?: { readonly at: Date; readonly reason: string };
}

/**
 * OpenSSL's OCSP responder in offline mode (`openssl ocsp -index ... -reqin -respout`) behind a FetchLike:
 * an independent implementation that reads our requests and writes the responses we parse.
 */
export async function opensslOcsp(params: {
  readonly ca: TestIdentity;
  readonly signer: TestIdentity;
  readonly entries: readonly OpensslOcspEntry[];
  /** Include the signer certificate (default true; a CA signing for itself needs none). */
  readonly includeSigner?: boolean;
}) {
  const index = params.entries
    .map(({ cert, revoked }) => {
      const expiry = asnTime(cert.info.notAfter);
      const rev = revoked ? `${asnTime(revoked.at)},${revoked.reason}` : '';
      return [revoked ? 'R' : 'V', expiry, rev, cert.info.serialHex.toUpperCase(), 'unknown', '/CN=x'].join(
        '\t',
      );
    })
    .join('\n');
  const files = await tempFiles({
    'index.txt': index + '\n',
    'ca.pem': params.ca.certPem,
    'signer.pem': params.signer.certPem,
    'signer.key': params.signer.key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  });
  let n = 0;
  const respond = async (requestDer: Uint8Array): Promise<Buffer> => {
    const id = n++;
    await writeFile(files.path(`req${id}.der`), requestDer);
    const args = [
      'ocsp',
      '-index',
      'index.txt',
      '-CA',
      'ca.pem',
      '-rsigner',
      'signer.pem',
      '-rkey',
      'signer.key',
    ];
    if (params.includeSigner === false) args.push('-resp_no_certs');
    args.push('-reqin', `req${id}.der`, '-respout', `resp${id}.der`, '-nmin', '60');
    const r = await openssl(args, { cwd: files.dir });
    if (r.code !== 0) throw new Error(`openssl ocsp failed: ${r.stderr}`);
    return readFile(files.path(`resp${id}.der`));
  };
  let calls = 0;
  const fetch = async (_url: string, init: { body?: Uint8Array }) => {
    calls++;
    const body = await respond(init.body ?? new Uint8Array());
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: { 'content-type': 'application/ocsp-response' },
    });
  };
  return { fetch, respond, calls: () => calls, dispose: files.dispose };
}

function asnTime(d: Date): string {
  return d.toISOString().slice(2, 19).replace(/[-:T]/g, '') + 'Z';
}
