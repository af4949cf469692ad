'use strict';
// The trust services and token provisioning are TypeScript; these scripts run the compiled copy
// that the root `npm run build` writes to dist/certs-test/src.
const fs = require('node:fs');
const path = require('node:path');

function loadCompiledTestPki() {
  const entry = path.resolve(__dirname, '..', '..', 'dist', 'certs-test', 'src', 'index.js');
  if (!fs.existsSync(entry)) {
    console.error(`${path.relative(process.cwd(), entry)} is missing: run \`npm run build\` first.`);
    process.exit(2);
  }
  return require(entry);
}

/** `--name value` from argv, or the fallback. */
function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

module.exports = { loadCompiledTestPki, option };
