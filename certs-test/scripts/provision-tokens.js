#!/usr/bin/env node
'use strict';
// `npm run tokens`: creates (or confirms) the SoftHSM tokens `leader` and `org-hsm` holding the
// test PKI's keys, in <repo>/data/softhsm. Prints the SOFTHSM2_CONF to export.
const { loadCompiledTestPki } = require('./load-compiled');

try {
  const { ensureSoftHsmTokens } = loadCompiledTestPki();
  const hsm = ensureSoftHsmTokens();
  console.log(hsm.provisioned ? 'SoftHSM tokens provisioned.' : 'SoftHSM tokens already up to date.');
  console.log(`  module: ${hsm.module}`);
  console.log(`  export SOFTHSM2_CONF=${hsm.conf}`);
  for (const key of Object.values(hsm.keys)) {
    console.log(
      `  token ${key.tokenLabel.padEnd(8)} id ${key.id}  label ${key.label.padEnd(10)} ${key.keyType}`,
    );
  }
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
