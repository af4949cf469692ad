import type { DataSource } from 'typeorm';
import { describeSignerFromLineage, readLineageGraph } from '@kyso/org';
import type { IncomingSignatureChecker, SignatureCheckResult, SignatureCheckStatus } from '@kyso/documents';
import { type FileVerdict, toJsonFileReport, type Validator } from '@kyso/validation';

const STATUS: Record<FileVerdict, SignatureCheckStatus> = {
  TOTAL_PASSED: 'valid',
  TOTAL_FAILED: 'invalid',
  INDETERMINATE: 'indeterminate',
  NO_SIGNATURE: 'unsigned',
  ERROR: 'indeterminate',
};

/**
 * Decree 30: a received document's authenticity and integrity are checked before it is registered. This adapter
 * runs the process's one validator (trust anchors from KYSO_TRUST, shared fetchers and caches) on the uploaded
 * file, with the lineage note of merged organisations, and stores the Vietnamese JSON report with the file.
 */
export class PadesIncomingChecker implements IncomingSignatureChecker {
  constructor(
    readonly validator: Validator,
    private readonly ds: DataSource,
  ) {}

  async check(file: { bytes: Buffer; sha256: string; fileName: string }): Promise<SignatureCheckResult> {
    const result = await this.validator.validate(file.bytes, {
      describeSigner: describeSignerFromLineage(await readLineageGraph(this.ds.manager)),
      limits: { timeMs: 30_000 },
    });
    const report = toJsonFileReport(result, { file: file.fileName, lang: 'vi' });
    return { status: STATUS[result.verdict], report: report as unknown as Record<string, unknown> };
  }
}
