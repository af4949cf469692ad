import { beforeAll, describe, expect, it } from 'vitest';
import { type CertificateInfo, readCertificate } from '@kyso/cms';
import { testPki } from '@kyso/test-pki';
import { appendDssWith, plainPdf, signWithPdfsig, signWithPodofo } from '../testing/signed-fixtures';
import {
  createValidationCache,
  type OnlineFetchers,
  TrustStore,
  validatePdf,
  type ValidationOptions,
} from './index';

/**
 * Mutation fuzzing of signed PDFs (bit flips, truncations, splices, byte-range edits) with a fixed seed:
 * every case must end as a result within the time limit, and a change to a signed byte must never
 * give a passing verdict. KYSO_FUZZ_CASES raises the number of cases (default 2500).
 */
const CASES = Number(process.env.KYSO_FUZZ_CASES ?? 2500);
const SEED = 0x6b79736f; // "kyso"

/** mulberry32: tiny, fast, reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Base {
  readonly name: string;
  readonly bytes: Buffer;
  /** Signed spans of every signature: [start, end). */
  readonly signed: readonly (readonly [number, number])[];
}

function signedSpans(pdf: Buffer): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of pdf.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const [a, b, c, d] = m.slice(1).map(Number);
    spans.push([a, a + b], [c, c + d]);
  }
  return spans;
}

const inSigned = (base: Base, offset: number): boolean =>
  base.signed.some(([s, e]) => offset >= s && offset < e);
const lastSignedEnd = (base: Base): number => Math.max(...base.signed.map(([, e]) => e));

interface Mutation {
  readonly kind: string;
  readonly bytes: Buffer;
  /** The mutation certainly changed bytes some signature covers. */
  readonly touchesSigned: boolean;
}

function mutate(base: Base, others: readonly Base[], rnd: () => number): Mutation {
  const src = base.bytes;
  const pick = (n: number) => Math.floor(rnd() * n);
  switch (pick(5)) {
    case 0: {
      const out = Buffer.from(src);
      const flips = 1 + pick(8);
      let touches = false;
      for (let i = 0; i < flips; i++) {
        const at = pick(out.length);
        out[at] ^= 1 << pick(8);
        touches ||= inSigned(base, at);
      }
      return { kind: `flip×${flips}`, bytes: out, touchesSigned: touches };
    }
    case 1: {
      const at = pick(src.length);
      return { kind: 'truncate', bytes: src.subarray(0, at), touchesSigned: at < lastSignedEnd(base) };
    }
    case 2: {
      const donor = others[pick(others.length)].bytes;
      const from = pick(donor.length);
      const chunk = donor.subarray(from, from + 1 + pick(4096));
      const at = pick(src.length);
      return {
        kind: 'splice',
        bytes: Buffer.concat([src.subarray(0, at), chunk, src.subarray(at)]),
        touchesSigned: at < lastSignedEnd(base),
      };
    }
    case 3: {
      const at = pick(src.length);
      const len = 1 + pick(2048);
      return {
        kind: 'delete',
        bytes: Buffer.concat([src.subarray(0, at), src.subarray(at + len)]),
        touchesSigned: at < lastSignedEnd(base),
      };
    }
    default: {
      // Rewrite one /ByteRange number in place (same width): the attack surface of signature wrapping.
      const text = src.toString('latin1');
      const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/g)];
      const m = ranges[pick(ranges.length)];
      const out = Buffer.from(src);
      const digits = [...m[0].matchAll(/\d/g)].map((d) => m.index + d.index);
      const at = digits[pick(digits.length)];
      out[at] = 0x30 + ((out[at] - 0x30 + 1 + pick(9)) % 10);
      return { kind: 'byterange', bytes: out, touchesSigned: inSigned(base, at) };
    }
  }
}

describe('validatePdf mutation fuzzing', () => {
  const bases: Base[] = [];
  let options: ValidationOptions;

  beforeAll(async () => {
    const pki = testPki();
    const rootSubject = readCertificate(pki.root.certDer).subject.text;
    const fetchers: OnlineFetchers = {
      ocsp: async () => {
        throw new Error('no OCSP in unit tests');
      },
      crl: async (_url, issuer: CertificateInfo) =>
        issuer.subject.text === rootSubject ? pki.crls.root.der : pki.crls.intermediate.der,
      caIssuers: async () => [pki.intermediate.certDer],
    };
    options = {
      trustAnchors: TrustStore.fromCertificates([pki.root.certPem]),
      fetchers,
      cache: createValidationCache(),
      limits: { timeMs: 10_000 },
    };
    // Mostly small podofosign documents (fast to re-validate thousands of times), plus a pdfsig one
    // (xref with generation-1 objects and 800 KB of embedded fonts).
    const unsigned = await plainPdf({ pages: 2 });
    const one = await signWithPodofo(unsigned, pki.leaderRsa);
    const two = await signWithPodofo(one, pki.sealA, { visible: true });
    const dss = await appendDssWith(two, [pki.intermediate.certDer], [pki.crls.intermediate.der]);
    const poppler = await signWithPdfsig(unsigned, pki.leaderRsa);
    for (const [name, bytes] of Object.entries({ one, two, dss, one2: one, poppler }))
      bases.push({ name, bytes, signed: signedSpans(bytes) });
    for (const b of bases)
      expect((await validatePdf(b.bytes, options)).verdict, `base ${b.name}`).toBe('TOTAL_PASSED');
  });

  it(`survives ${CASES} mutated documents (seed ${SEED.toString(16)})`, async () => {
    const rnd = prng(SEED);
    const counts = new Map<string, number>();
    const problems: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const base = bases[i % bases.length];
      const m = mutate(base, bases, rnd);
      let verdict: string;
      try {
        const started = Date.now();
        const r = await validatePdf(m.bytes, options);
        verdict = r.verdict;
        if (Date.now() - started > 10_000)
          problems.push(`#${i} ${base.name} ${m.kind}: took ${Date.now() - started} ms`);
      } catch (err) {
        problems.push(`#${i} ${base.name} ${m.kind}: threw ${(err as Error).stack}`);
        continue;
      }
      counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
      if (m.touchesSigned && verdict === 'TOTAL_PASSED')
        problems.push(`#${i} ${base.name} ${m.kind}: signed bytes changed but TOTAL_PASSED`);
    }
    process.stdout.write(`fuzz verdicts: ${JSON.stringify(Object.fromEntries(counts))}\n`);
    expect(problems).toEqual([]);
  }, 180_000);
});
