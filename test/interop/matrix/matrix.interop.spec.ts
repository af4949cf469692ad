import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { repoRoot, testPki } from '@kyso/test-pki';
import { judge, judgeKyso, JUDGES, type JudgeName, type Verdict } from './judges';
import { signpdfSign } from './signers';
import {
  applyStep,
  FORGE_DOC_ID,
  type InputName,
  makeInputs,
  type MatrixDoc,
  matrixPlan,
  SIGNERS,
  stepLabel,
} from './plan';

/**
 * The cross-tool interop matrix (issue 17): PDFs signed by pdfsig, podofosign, mutool, @signpdf and kyso,
 * given a second signature by each other, extended by kyso to B-LT/B-LTA, or attacked; each judged by kyso,
 * pdfsig and mutool. Every file is made here at test time; nothing depends on the ../shared/interop corpus.
 * One test per cell (file × judge); the table is printed and written to data/interop-matrix.md.
 */
const plan = matrixPlan();
const cells = plan.flatMap((doc) => JUDGES.map((j) => ({ name: `${doc.id} — ${j}`, doc, judge: j })));

/** Runs `fn` over `items` with at most `width` at a time (the machine has two cores shared by several runs). */
async function pool<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

interface Judged {
  file?: Buffer;
  error?: string;
  verdicts: Partial<Record<JudgeName, Verdict>>;
}

/** What the cell compares: the judge's summary, and for kyso's negative cells the disallowed changes too. */
function actualOf(doc: MatrixDoc, name: JudgeName, v: Verdict): string {
  if (name !== 'kyso' || !doc.reason?.change) return v.summary;
  const first = v.kyso?.signatures[0];
  const kinds = first?.modifications.changes.filter((c) => !c.allowed).map((c) => c.kind) ?? [];
  return `${v.summary} (${kinds.includes(doc.reason.change) ? doc.reason.change : `no ${doc.reason.change}`})`;
}

function expectedOf(doc: MatrixDoc, name: JudgeName): string {
  return name === 'kyso' && doc.reason?.change
    ? `${doc.expected.kyso} (${doc.reason.change})`
    : doc.expected[name];
}

function table(results: Map<string, Judged>): string {
  const rows = plan.map((doc) => {
    const r = results.get(doc.id);
    const cell = (j: JudgeName) => {
      if (!r?.verdicts[j]) return `error: ${r?.error ?? 'not judged'}`;
      const actual = actualOf(doc, j, r.verdicts[j]!);
      return actual === expectedOf(doc, j) ? actual : `**${actual}** ≠ ${expectedOf(doc, j)}`;
    };
    return `| ${doc.input} | ${doc.first} | ${stepLabel(doc.step)} | ${JUDGES.map(cell).join(' | ')} |`;
  });
  const disagreeing = plan.reduce(
    (n, doc) =>
      n +
      JUDGES.filter((j) => {
        const v = results.get(doc.id)?.verdicts[j];
        return !v || actualOf(doc, j, v) !== expectedOf(doc, j);
      }).length,
    0,
  );
  return [
    `${cells.length} cells (${plan.length} files × ${JUDGES.length} judges), ${cells.length - disagreeing} agree, ${disagreeing} disagree`,
    '',
    '| input | first signature | then | kyso | pdfsig | mutool |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

describe('cross-tool interop matrix', () => {
  const results = new Map<string, Judged>();

  beforeAll(async () => {
    const inputs = await makeInputs();
    // Each first signature once per input, then every step on it, then every judge on every file.
    const firsts = new Map<string, Promise<Buffer>>();
    const firstOf = (input: InputName, signer: MatrixDoc['first']) => {
      const key = `${input}/${signer}`;
      if (!firsts.has(key)) firsts.set(key, SIGNERS[signer].first(inputs[input]));
      return firsts.get(key)!;
    };
    await pool(plan, 3, async (doc) => {
      try {
        const first =
          doc.id === FORGE_DOC_ID
            ? signpdfSign(inputs.plain, testPki().leaderRsa, 'signer-p12')
            : firstOf(doc.input, doc.first);
        results.set(doc.id, { file: await applyStep(doc, await first), verdicts: {} });
      } catch (err) {
        results.set(doc.id, { error: (err as Error).message.split('\n')[0], verdicts: {} });
      }
    });
    const jobs = plan.flatMap((doc) => JUDGES.map((j) => ({ doc, j })));
    await pool(jobs, 4, async ({ doc, j }) => {
      const r = results.get(doc.id)!;
      if (r.file) r.verdicts[j] = await judge(j, r.file);
    });
    // KYSO_MATRIX_DIR=dir keeps every file of the matrix there, to open one in another tool.
    const keep = process.env.KYSO_MATRIX_DIR;
    if (keep) {
      mkdirSync(keep, { recursive: true });
      for (const doc of plan) {
        const file = results.get(doc.id)?.file;
        if (file) writeFileSync(join(keep, `${doc.id.replace(/[^a-z0-9+-]+/gi, '_')}.pdf`), file);
      }
    }
    const text = table(results);
    process.stdout.write(`\nInteroperability matrix\n\n${text}\n`);
    mkdirSync(join(repoRoot(), 'data'), { recursive: true });
    writeFileSync(join(repoRoot(), 'data', 'interop-matrix.md'), `${text}\n`);
  }, 600_000);

  test('has at least 100 cells', () => {
    expect(cells.length).toBeGreaterThanOrEqual(100);
  });

  // A B-LT/B-LTA extension exists so that the file validates later without the network.
  test.for(plan.filter((d) => d.step.kind === 'extend'))('offline after $id', async (doc) => {
    const r = results.get(doc.id);
    expect(r?.error, `making ${doc.id}`).toBeUndefined();
    const v = await judgeKyso(r!.file!, { offline: true });
    expect(v.summary, `${doc.id}, kyso offline said:\n${v.detail}`).toBe(doc.expected.kyso);
  });

  test('each signer writes the SubFilter, algorithms and level the table relies on', () => {
    const first = (id: string) => results.get(id)?.verdicts.kyso?.kyso?.signatures[0];
    const subFilters = Object.fromEntries(
      ['plain: signpdf —', 'plain: signpdf-cades —', 'empty-field: pdfsig-etsi —', 'plain: podofo-ec —'].map(
        (id) => [id, first(id)?.subFilter],
      ),
    );
    expect(subFilters).toEqual({
      'plain: signpdf —': 'adbe.pkcs7.detached',
      'plain: signpdf-cades —': 'ETSI.CAdES.detached',
      // poppler 22.12 ignores -etsi with -sign (and refuses it with -add-signature).
      'empty-field: pdfsig-etsi —': 'adbe.pkcs7.detached',
      'plain: podofo-ec —': 'adbe.pkcs7.detached',
    });
    expect(first('plain: podofo-ec —')?.signatureAlgorithm).toMatch(/ecdsa/i);
    expect(first('plain: mutool —') ?? first('empty-field: mutool —')).toMatchObject({
      digestAlgorithm: 'sha1',
    });
    // OpenSSL always signs a signing-time attribute, which PAdES baseline forbids: no level, whatever is added.
    for (const id of ['plain: signpdf-cades —', 'plain: signpdf-cades kyso extend B-LTA']) {
      expect(first(id)?.level, id).toBeNull();
      expect(first(id)?.findings.map((f) => f.code)).toContain('CMS_SIGNING_TIME_PRESENT');
    }
    expect(first('plain: kyso —')?.level).toBe('B-T');
  });

  test.for(cells)('$name', ({ doc, judge: name }) => {
    const r = results.get(doc.id);
    expect(r?.error, `making ${doc.id}`).toBeUndefined();
    const v = r!.verdicts[name]!;
    expect(actualOf(doc, name, v), `${doc.id}, ${name} said:\n${v.detail}`).toBe(expectedOf(doc, name));
  });
});
