import type { DataSource } from 'typeorm';
import type { KysoConfig } from '@kyso/config';
import { describeSignerFromLineage, readLineageGraph } from '@kyso/org';
import type { IncomingSignatureChecker, SignatureCheckResult, SignatureCheckStatus } from '@kyso/documents';
import {
  createOnlineFetchers,
  createValidationCache,
  type FileVerdict,
  toJsonFileReport,
  TrustStore,
  validatePdf,
} from '@kyso/validation';

const STATUS: Record<FileVerdict, SignatureCheckStatus> = {
  TOTAL_PASSED: 'valid',
  TOTAL_FAILED: 'invalid',
  INDETERMINATE: 'indeterminate',
  NO_SIGNATURE: 'unsigned',
  ERROR: 'indeterminate',
};

/**
 * Decree 30: a received document's authenticity and integrity are checked before it is registered. This adapter
 * runs the PAdES validator on the uploaded file with the configured trust anchors (KYSO_TRUST) and stores the
 * Vietnamese JSON report with the file.
 */
export class PadesIncomingChecker implements IncomingSignatureChecker {
  private trust?: Promise<TrustStore>;
  private readonly cache = createValidationCache();
  private readonly fetchers;

  constructor(
    private readonly config: KysoConfig,
    private readonly ds: DataSource,
  ) {
    this.fetchers = config.signing.offline ? undefined : createOnlineFetchers();
  }

  async check(file: { bytes: Buffer; sha256: string; fileName: string }): Promise<SignatureCheckResult> {
    this.trust ??= TrustStore.load(this.config.signing.trustDirs);
    const result = await validatePdf(file.bytes, {
      describeSigner: describeSignerFromLineage(await readLineageGraph(this.ds.manager)),
      trustAnchors: await this.trust,
      offline: this.config.signing.offline,
      fetchers: this.fetchers,
      cache: this.cache,
      limits: { timeMs: 30_000 },
    });
    const report = toJsonFileReport(result, { file: file.fileName, lang: 'vi' });
    return { status: STATUS[result.verdict], report: report as unknown as Record<string, unknown> };
  }
}
