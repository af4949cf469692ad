#!/usr/bin/env node
'use strict';
// `npm run trust-services [-- --port 39080 --host 127.0.0.1 --state-file data/trust-state.json]`:
// runs the test TSA, OCSP responder, CRL and CA-issuer endpoints until interrupted.
const { loadCompiledTestPki, option } = require('./load-compiled');

async function main() {
  const { startTrustServices, DEFAULT_TRUST_PORT } = loadCompiledTestPki();
  const stateFile = option('state-file', undefined);
  const services = await startTrustServices({
    port: Number(option('port', String(DEFAULT_TRUST_PORT))),
    host: option('host', '127.0.0.1'),
    ...(stateFile ? { stateFile } : {}),
  });
  console.log(`kyso test trust services on ${services.baseUrl}`);
  console.log(`  TSA (RFC 3161)   POST ${services.tsaUrl}`);
  console.log(`  OCSP             POST ${services.ocspUrl}   GET ${services.ocspUrl}/<base64>`);
  console.log(`  CRLs             GET  ${services.crlUrl('root')}  ${services.crlUrl('intermediate')}`);
  console.log(
    `  CA certificates  GET  ${services.caIssuersUrl('root')}  ${services.caIssuersUrl('intermediate')}`,
  );
  console.log(
    `  admin            GET  ${services.baseUrl}/admin/health   POST ${services.baseUrl}/admin/revoke`,
  );
  const stop = () => services.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`trust services failed to start: ${err.message}`);
  process.exit(1);
});
