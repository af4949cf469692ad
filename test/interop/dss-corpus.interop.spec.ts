import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createValidationCache, validatePdf } from '@kyso/validation';
import { compareFacts, type ExpectedFile, type FactComparison } from './dss-facts';

/**
 * Agreement with EU DSS on its own PAdES test files (../shared/interop/dss, never copied into this
 * repository). Only facts that do not depend on trust are compared: counts, integrity, byte ranges,
 * format, modifications, DocMDP, and "attacks never pass". Validation runs offline with no trust anchors.
 *
 * Where kyso legitimately differs, the disagreement is printed and listed in docs/validation.md; the
 * test fails if agreement drops below what was measured, or if any crypto/structure fact disagrees
 * beyond the documented ones.
 */
const corpus = resolve(
  process.env.KYSO_INTEROP_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'interop'),
  'dss',
);
const expectedPath = join(corpus, 'expected.json');

/** Measured on the 2026-04-15 corpus snapshot (60 files, 491 facts): full agreement; see docs/validation.md. */
const MIN_AGREEMENT = 1.0;

/** Crypto/structure disagreements that are understood and documented (file → fact). */
const DOCUMENTED_CRYPTO_DIFFERENCES = new Set<string>([]);

const CRYPTO_FACTS = /^(signatures|documentTimestamps|signatureIntact|dataIntact|byteRangeValid)/;

describe('EU DSS interop corpus', () => {
  // `npm run test:interop` says so and stops before vitest when the corpus is absent; run directly, a missing
  // corpus is a failure, never a silently empty suite.
  it('finds the corpus', () => {
    expect(
      existsSync(expectedPath),
      `no ${expectedPath}: set KYSO_INTEROP_DIR or put the corpus at ../shared/interop`,
    ).toBe(true);
  });
  const expected = existsSync(expectedPath)
    ? (JSON.parse(readFileSync(expectedPath, 'utf8')) as ExpectedFile[])
    : [];
  const all: FactComparison[] = [];
  const cache = createValidationCache();

  for (const entry of expected) {
    it(entry.file, async () => {
      const result = await validatePdf(join(corpus, entry.file), { offline: true, cache });
      const comparisons = compareFacts(entry, result);
      all.push(...comparisons);
      // A hostile or broken corpus file must end as a result, never as an exception.
      expect(result.verdict).toMatch(/^(TOTAL_PASSED|TOTAL_FAILED|INDETERMINATE|NO_SIGNATURE|ERROR)$/);
    });
  }

  it('agrees with DSS on the asserted facts', () => {
    const disagreements = all.filter((c) => !c.agree);
    const rate = all.length === 0 ? 0 : (all.length - disagreements.length) / all.length;
    const lines = disagreements.map(
      (d) => `  ${d.file} ${d.fact}: DSS ${JSON.stringify(d.expected)}, kyso ${JSON.stringify(d.actual)}`,
    );
    process.stdout.write(
      `\nDSS interop: ${all.length - disagreements.length}/${all.length} facts agree (${(rate * 100).toFixed(1)}%)\n${lines.join('\n')}\n`,
    );
    const cryptoDisagreements = disagreements.filter(
      (d) => CRYPTO_FACTS.test(d.fact) && !DOCUMENTED_CRYPTO_DIFFERENCES.has(`${d.file}:${d.fact}`),
    );
    expect(cryptoDisagreements).toEqual([]);
    expect(rate).toBeGreaterThanOrEqual(MIN_AGREEMENT);
  });
});
