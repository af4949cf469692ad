import { Inject, Injectable, type OnModuleInit, Optional } from '@nestjs/common';
import type { Logger } from 'pino';
import type { KysoConfig } from '@kyso/config';
import {
  createOnlineFetchers,
  createValidationCache,
  type JsonFileReport,
  type Lang,
  type OnlineFetchers,
  type PdfValidationResult,
  toJsonFileReport,
  toPdfReport,
  TrustStore,
  validatePdf,
} from '@kyso/validation';
import type { Clock } from '../core/clock';
import type { DataSource } from 'typeorm';
import { describeSignerFromLineage, readLineageGraph } from '@kyso/org';
import { CLOCK, CONFIG, DATA_SOURCE, LOGGER } from '../core/tokens';

/** Wall-clock budget of one public validation (network included): an upload never holds a worker longer. */
const TIME_LIMIT_MS = 30_000;

/**
 * Validation for the public endpoint. The trust store (KYSO_TRUST) is loaded once at start-up, and
 * certificate/chain/revocation caches are shared by every request of the process.
 */
@Injectable()
export class VerifyService implements OnModuleInit {
  private trust = TrustStore.empty();
  private readonly cache = createValidationCache();
  private fetchers: OnlineFetchers | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: KysoConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
    /** For lineage notes of merged organisations; the verifier works without it (no note). */
    @Optional() @Inject(DATA_SOURCE) private readonly ds?: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    // A configured but unreadable trust directory must stop start-up, not silently trust nothing.
    this.trust = await TrustStore.load(this.config.signing.trustDirs);
    for (const s of this.trust.skipped)
      this.logger.warn({ path: s.path, reason: s.reason }, 'trust store: file skipped');
    if (this.trust.size === 0)
      this.logger.warn('no trust anchors (KYSO_TRUST): verification reports chains as not trusted');
    this.fetchers = this.config.signing.offline ? undefined : createOnlineFetchers();
  }

  async validate(bytes: Buffer): Promise<PdfValidationResult> {
    // "signed by UBND xã A (…), merged into UBND xã C on …": the lineage note for merged organisations.
    const lineage = this.ds ? await readLineageGraph(this.ds.manager) : undefined;
    return validatePdf(bytes, {
      describeSigner: lineage && describeSignerFromLineage(lineage, () => this.clock.now()),
      trustAnchors: this.trust,
      offline: this.config.signing.offline,
      fetchers: this.fetchers,
      cache: this.cache,
      limits: { timeMs: TIME_LIMIT_MS },
      now: () => this.clock.now(),
    });
  }

  async jsonReport(bytes: Buffer, fileName: string, lang: Lang): Promise<JsonFileReport> {
    return toJsonFileReport(await this.validate(bytes), { file: fileName, lang });
  }

  async pdfReport(bytes: Buffer, fileName: string, lang: Lang): Promise<Buffer> {
    return toPdfReport(await this.validate(bytes), { file: fileName, lang, generatedAt: this.clock.now() });
  }
}
