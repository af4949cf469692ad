#!/usr/bin/env node
'use strict';
// The trust services shared by concurrent vitest runs on the port in the certificates (39080).
// Started detached by test/global-setup.ts; every run holds a lease (its pid) and the daemon exits
// once no live process holds one, so no run can pull the server from under another.
const { registerTypeScript } = require('./typescript-require-hook');

const GRACE_MS = 5_000;
const CHECK_MS = 500;

async function main() {
  registerTypeScript();
  const { startTrustServices, DEFAULT_TRUST_PORT } = require('../src/trust-services/trust-services.ts');
  const portArg = process.argv.indexOf('--port');
  const port = portArg >= 0 ? Number(process.argv[portArg + 1]) : DEFAULT_TRUST_PORT;
  let services;
  try {
    services = await startTrustServices({ port, host: '127.0.0.1' });
  } catch (err) {
    // Another daemon won the race for the port: it serves everyone.
    if (err.code === 'EADDRINUSE') process.exit(0);
    throw err;
  }
  console.log(`${new Date().toISOString()} trust services daemon ${process.pid} on ${services.baseUrl}`);
  let unleasedSince = Date.now();
  const timer = setInterval(() => {
    if (services.liveLeases().length > 0) unleasedSince = Date.now();
    else if (Date.now() - unleasedSince > GRACE_MS) {
      clearInterval(timer);
      console.log(`${new Date().toISOString()} no leases left, stopping`);
      services.close().then(() => process.exit(0));
    }
  }, CHECK_MS);
}

main().catch((err) => {
  console.error(`trust services daemon failed: ${err.stack || err.message}`);
  process.exit(1);
});
