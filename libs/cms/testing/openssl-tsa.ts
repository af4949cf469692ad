import { readFile, writeFile } from 'node:fs/promises';
import { openssl, tempFiles } from './openssl';
import { TestIdentity } from './test-certificates';

/**
 * OpenSSL's own TSA (`openssl ts -reply`) behind a FetchLike: an independent implementation to check our
 * requests are understood and real tokens parse. `essCertIdAlg` sha1 gives a signing-certificate v1.
 */
export async function opensslTsa(params: {
  readonly tsa: TestIdentity;
  readonly chain: readonly TestIdentity[];
  readonly essCertIdAlg?: 'sha1' | 'sha256';
}) {
  const files = await tempFiles({
    'tsa.pem': params.tsa.certPem,
    'tsa.key': params.tsa.key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    'chain.pem': params.chain.map((c) => c.certPem).join(''),
    tsaserial: '01\n',
    'tsa.cnf': [
      '[ tsa ]',
      'default_tsa = tsa1',
      '[ tsa1 ]',
      'serial = ./tsaserial',
      'signer_cert = ./tsa.pem',
      'certs = ./chain.pem',
      'signer_key = ./tsa.key',
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'other_policies = 1.2.3.4.5',
      'digests = sha1, sha256, sha384, sha512',
      'accuracy = secs:1, millisecs:500, microsecs:100',
      'ordering = no',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      `ess_cert_id_alg = ${params.essCertIdAlg ?? 'sha256'}`,
      '',
    ].join('\n'),
  });
  let n = 0;
  const fetch = async (_url: string, init: { body?: Uint8Array }) => {
    const id = n++;
    await writeFile(files.path(`req${id}.der`), init.body ?? new Uint8Array());
    const r = await openssl(
      ['ts', '-reply', '-config', 'tsa.cnf', '-queryfile', `req${id}.der`, '-out', `resp${id}.der`],
      {
        cwd: files.dir,
      },
    );
    if (r.code !== 0) throw new Error(`openssl ts -reply failed: ${r.stderr}`);
    const body = await readFile(files.path(`resp${id}.der`));
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: { 'content-type': 'application/timestamp-reply' },
    });
  };
  return { fetch, dir: files.dir, dispose: files.dispose };
}
