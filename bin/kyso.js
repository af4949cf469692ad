#!/usr/bin/env node
'use strict';
// The `kyso` command. It runs the compiled CLI; `npm ci` (prepare) and `npm run build` produce it.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('kyso: the CLI is not built yet. Run `npm run build` in the kyso folder.\n');
  process.exit(3);
}
require(entry);
