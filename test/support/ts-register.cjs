/**
 * A tiny TypeScript loader for tests and benchmarks that must run the API as a real child process: compiles each
 * .ts file with SWC on require (decorator metadata on, like the build) and resolves the @kyso/* aliases from
 * tsconfig.json. No type checking — `npm run typecheck` does that. Usage: node -r ./test/support/ts-register.cjs
 * apps/api/src/main.ts
 */
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../..');
const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
const aliases = Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [
  alias,
  path.join(root, target),
]);

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  for (const [alias, target] of aliases) {
    if (request === alias || request.startsWith(`${alias}/`))
      return resolve.call(this, target + request.slice(alias.length), ...rest);
  }
  return resolve.call(this, request, ...rest);
};

require.extensions['.ts'] = function compile(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      keepClassNames: true,
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
  });
  module._compile(code, filename);
};
