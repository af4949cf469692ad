// `npm test`: prepares the machine (Debian tools, PostgreSQL, Redis), builds, then runs the unit, integration
// and end-to-end tests with vitest. SoftHSM tokens and the test TSA/OCSP are set up by test/global-setup.ts.
// Extra arguments go to vitest (e.g. `npm test -- --project unit`, `npm run test:interop`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareTestEnv } from './prepare-test-env.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const args = process.argv.slice(2);
const projects = args.includes('--project') ? [] : ['--project', 'unit', '--project', 'integration'];

// The cross-tool matrix (test/interop/matrix) makes its own files and always runs; the EU DSS corpus spec
// needs ../shared/interop and is left out, saying so, when the corpus is absent.
if (args.includes('interop')) {
  const corpus = process.env.KYSO_INTEROP_DIR ?? resolve(root, '..', 'shared', 'interop');
  if (!existsSync(join(corpus, 'dss', 'expected.json'))) {
    process.stdout.write(
      `interop corpus not found at ${corpus} (set KYSO_INTEROP_DIR); running the cross-tool matrix only.\n`,
    );
    args.push('test/interop/matrix/');
  }
}

try {
  await prepareTestEnv();
} catch (err) {
  process.stderr.write(`npm test: ${err.message}\n`);
  process.exit(1);
}

const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

mkdirSync(join(root, 'data'), { recursive: true });
const report = join(root, 'data', 'vitest-report.json');
const run = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    ...projects,
    ...args,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ],
  { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR } },
);

// A closing line any CI understands, counted from vitest's own JSON report.
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  process.stdout.write(
    `\n${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
  );
}
process.exit(run.status ?? 1);
