// Benchmarks run the compiled code (what `npm start` runs), not the TypeScript sources.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

export function fromDist(path) {
  const file = resolve(root, 'dist', path);
  if (!existsSync(file)) {
    process.stderr.write(`benchmark needs the build: run \`npm run build\` first (missing ${file})\n`);
    process.exit(3);
  }
  return require(file);
}

export function machine() {
  const os = require('node:os');
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
