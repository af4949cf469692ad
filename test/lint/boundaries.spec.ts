// The import-boundary rule of `npm run lint` (.dependency-cruiser.cjs, ADR 0009): it passes on the tree, and it
// fails on each deliberately wrong import with a line that names the broken rule. The wrong imports live in a
// throwaway tree under the OS temp directory (same folder layout, same @kyso/* aliases), never in the repository.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(__dirname, '../..');
const CONFIG = join(REPO, '.dependency-cruiser.cjs');
const CRUISER = join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const LIBS = ['pdf', 'cms', 'pkcs11', 'signing', 'validation', 'database', 'documents', 'org', 'archive'];

interface Run {
  status: number | null;
  output: string;
}

function cruise(cwd: string, paths: string[]): Run {
  const r = spawnSync(process.execPath, [CRUISER, '--config', CONFIG, '--output-type', 'err', ...paths], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** One wrong import: the file that makes it, what it imports, and the rule that must name it. */
interface WrongImport {
  rule: string;
  from: string;
  specifier: string;
  resolvesTo: string;
}

const WRONG: WrongImport[] = [
  {
    rule: 'pure-lib-imports-no-domain-lib-or-app',
    from: 'libs/cms/src/uses-documents.ts',
    specifier: '@kyso/documents',
    resolvesTo: 'libs/documents/src/index.ts',
  },
  {
    rule: 'pure-lib-imports-no-domain-lib-or-app',
    from: 'native/ts/uses-archive.ts',
    specifier: '@kyso/archive',
    resolvesTo: 'libs/archive/src/index.ts',
  },
  {
    rule: 'pdf-imports-no-cms-pkcs11-signing',
    from: 'libs/pdf/src/uses-cms.ts',
    specifier: '@kyso/cms',
    resolvesTo: 'libs/cms/src/index.ts',
  },
  {
    rule: 'pdf-imports-no-cms-pkcs11-signing',
    from: 'libs/pdf/testing/uses-pkcs11.ts',
    specifier: '@kyso/pkcs11',
    resolvesTo: 'libs/pkcs11/src/index.ts',
  },
  {
    rule: 'cms-imports-no-pdf',
    from: 'libs/cms/src/uses-pdf.ts',
    specifier: '../../pdf/src/index',
    resolvesTo: 'libs/pdf/src/index.ts',
  },
  {
    rule: 'validation-imports-no-signing-or-pkcs11',
    from: 'libs/validation/src/uses-signing.ts',
    specifier: '@kyso/signing',
    resolvesTo: 'libs/signing/src/index.ts',
  },
  {
    rule: 'token-agent-imports-no-database-documents-org',
    from: 'apps/token-agent/src/uses-database.ts',
    specifier: '@kyso/database',
    resolvesTo: 'libs/database/src/index.ts',
  },
  {
    rule: 'production-imports-no-test-support',
    from: 'libs/archive/src/uses-testing.ts',
    specifier: '../testing/helper',
    resolvesTo: 'libs/archive/testing/helper.ts',
  },
  {
    rule: 'production-imports-no-test-support',
    from: 'apps/api/src/uses-test-pki.ts',
    specifier: '@kyso/test-pki',
    resolvesTo: 'certs-test/src/index.ts',
  },
  {
    rule: 'production-imports-no-test-support',
    from: 'libs/documents/src/uses-test-support.ts',
    specifier: '../../../test/support/helper',
    resolvesTo: 'test/support/helper.ts',
  },
  {
    rule: 'libs-import-no-app',
    from: 'libs/org/src/uses-app.ts',
    specifier: '../../../apps/api/src/main',
    resolvesTo: 'apps/api/src/main.ts',
  },
  {
    rule: 'libs-import-no-app',
    from: 'libs/archive/src/story.int.spec.ts',
    specifier: '../../../apps/api/src/main',
    resolvesTo: 'apps/api/src/main.ts',
  },
];

/** Imports the rule allows: a spec may use a higher layer for its fixtures; apps may use test support in specs. */
const ALLOWED: Omit<WrongImport, 'rule'>[] = [
  {
    from: 'libs/validation/src/signed.spec.ts',
    specifier: '@kyso/signing',
    resolvesTo: 'libs/signing/src/index.ts',
  },
  { from: 'libs/pdf/src/uses-native.ts', specifier: '@kyso/native', resolvesTo: 'native/ts/index.ts' },
  { from: 'apps/api/src/api.spec.ts', specifier: '@kyso/test-pki', resolvesTo: 'certs-test/src/index.ts' },
  { from: 'libs/signing/src/uses-pdf.ts', specifier: '@kyso/pdf', resolvesTo: 'libs/pdf/src/index.ts' },
];

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** A tree with the repository's layout and aliases, holding only the given imports. */
function treeWith(imports: Omit<WrongImport, 'rule'>[]): string {
  const root = mkdtempSync(join(tmpdir(), 'kyso-boundaries-'));
  const paths: Record<string, string[]> = {
    '@kyso/native': ['native/ts'],
    '@kyso/test-pki': ['certs-test/src'],
  };
  for (const lib of LIBS) paths[`@kyso/${lib}`] = [`libs/${lib}/src`];
  write(root, 'tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths } }));
  for (const target of new Set(imports.map((i) => i.resolvesTo)))
    write(root, target, 'export const x = 1;\n');
  for (const i of imports) write(root, i.from, `import { x } from '${i.specifier}';\nexport const y = x;\n`);
  return root;
}

describe('import boundaries (npm run lint)', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  it('is part of npm run lint', () => {
    const { scripts } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    expect(scripts.lint).toContain('npm run lint:boundaries');
    expect(scripts['lint:boundaries']).toContain('--config .dependency-cruiser.cjs');
  });

  it('passes on the tree', { timeout: 180_000 }, () => {
    const run = cruise(REPO, ['apps', 'libs', 'native', 'certs-test', 'test']);
    expect(run.output).toContain('no dependency violations found');
    expect(run.status).toBe(0);
  });

  describe('a deliberately wrong import', () => {
    let run: Run;
    beforeAll(() => {
      const root = treeWith([...WRONG, ...ALLOWED]);
      roots.push(root);
      run = cruise(root, ['apps', 'libs', 'native', 'certs-test', 'test']);
    }, 180_000);

    it('fails the lint', () => {
      expect(run.status).not.toBe(0);
      expect(run.output).toContain(`${WRONG.length} dependency violations`);
    });

    it.each(WRONG)('$from → $specifier fails naming $rule', ({ rule, from, resolvesTo }) => {
      expect(run.output).toContain(`error ${rule}: ${from} → ${resolvesTo}`);
    });

    it.each(ALLOWED)('$from → $specifier is allowed', ({ from }) => {
      expect(run.output).not.toContain(`: ${from} →`);
    });
  });
});
