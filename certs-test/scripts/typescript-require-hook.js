'use strict';
// Lets a plain `node` process require the TypeScript sources of certs-test/src directly, compiled
// in memory by @swc/core (already here for vitest). Used by the shared trust-services daemon that
// test/global-setup.ts starts, so it always runs the current sources, never a stale dist/.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

function registerTypeScript() {
  if (Module._extensions['.ts']) return;
  const swc = require('@swc/core');
  Module._extensions['.ts'] = (module, filename) => {
    if (
      !filename.startsWith(REPO_ROOT + path.sep) ||
      filename.includes(`${path.sep}node_modules${path.sep}`)
    ) {
      throw new Error(`refusing to compile TypeScript outside the repository: ${filename}`);
    }
    const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
      filename,
      sourceMaps: 'inline',
      module: { type: 'commonjs' },
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    });
    module._compile(code, filename);
  };
}

module.exports = { registerTypeScript };
