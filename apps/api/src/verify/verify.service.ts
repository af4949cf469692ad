import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { describeSignerFromLineage, readLineageGraph } from '@kyso/org';
import {
  type JsonFileReport,
  type Lang,
  type PdfValidationResult,
  toJsonFileReport,
  toPdfReport,
  type Validator,
} from '@kyso/validation';
import type { Clock } from '../core/clock';
import { CLOCK, DATA_SOURCE } from '../core/tokens';
import { VALIDATOR } from '../core/validator.provider';

/** Wall-clock budget of one public validation (network included): an upload never holds a worker longer. */
const TIME_LIMIT_MS = 30_000;

/**
 * Validation for the public endpoint, with the process's one validator: the trust store (KYSO_TRUST) is loaded
 * once at start-up, and certificate/chain/revocation caches are shared by every request of the process (and by
 * the check of received documents and batch verification).
 */
@Injectable()
export class VerifyService {
  constructor(
    @Inject(VALIDATOR) private readonly validator: Validator,
    @Inject(CLOCK) private readonly clock: Clock,
    /** For lineage notes of merged organisations; the verifier works without it (no note). */
    @Optional() @Inject(DATA_SOURCE) private readonly ds?: DataSource,
  ) {}

  async validate(bytes: Buffer): Promise<PdfValidationResult> {
    // "signed by UBND xã A (…), merged into UBND xã C on …": the lineage note for merged organisations.
    const lineage = this.ds ? await readLineageGraph(this.ds.manager) : undefined;
    return this.validator.validate(bytes, {
      describeSigner: lineage && describeSignerFromLineage(lineage, () => this.clock.now()),
      limits: { timeMs: TIME_LIMIT_MS },
    });
  }

  async jsonReport(bytes: Buffer, fileName: string, lang: Lang): Promise<JsonFileReport> {
    return toJsonFileReport(await this.validate(bytes), { file: fileName, lang });
  }

  async pdfReport(bytes: Buffer, fileName: string, lang: Lang): Promise<Buffer> {
    return toPdfReport(await this.validate(bytes), { file: fileName, lang, generatedAt: this.clock.now() });
  }
}
