'use strict';
// Package entry of @kyso/native for plain JavaScript (scripts, benchmarks): require('@kyso/native').
// TypeScript code imports the alias @kyso/native → native/ts instead and never comes here. The
// wrapper is TypeScript, so this entry needs the compiled copy that `npm run build` writes to
// dist/native/ts; it locates native/build/Release/kyso_native.node itself.
const path = require('node:path');

const compiled = path.join(__dirname, '..', 'dist', 'native', 'ts', 'index.js');
try {
  module.exports = require(compiled);
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(compiled)) {
    throw new Error(`@kyso/native: ${compiled} is missing; run \`npm run build\` at the repository root`);
  }
  throw error;
}
