import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { databaseHealth } from '@kyso/database';
import type { BlobStore } from '@kyso/storage';
import type { KysoConfig } from '@kyso/config';
import { KYSO_VERSION } from '@kyso/common';
import { BLOB_STORE, CONFIG, DATA_SOURCE } from '../core/tokens';
import { ScheduleReport } from '../schedule/schedule.service';

export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  mode: 'embedded' | 'production';
  database: { ok: boolean; kind: string; detail: string };
  storage: { ok: boolean; kind: string; detail: string };
  queue: { kind: string };
  /** Last and next run of each scheduled job (details: GET /api/v1/admin/schedule); null if unreadable. */
  schedule: Awaited<ReturnType<ScheduleReport['summary']>> | null;
  uptimeSeconds: number;
}

@Injectable()
export class HealthService {
  constructor(
    @Inject(CONFIG) private readonly config: KysoConfig,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(ScheduleReport) private readonly schedule: ScheduleReport,
  ) {}

  async check(): Promise<HealthReport> {
    const [db, storage] = await Promise.all([databaseHealth(this.ds), this.blobs.health()]);
    // The schedule is a summary, not a check: a database that cannot answer already shows above.
    const schedule = db.ok ? await this.schedule.summary().catch(() => null) : null;
    return {
      status: db.ok && storage.ok ? 'ok' : 'degraded',
      version: KYSO_VERSION,
      mode:
        this.config.database.kind === 'sqlite' && this.config.queue.kind === 'in-process'
          ? 'embedded'
          : 'production',
      database: { ok: db.ok, kind: this.config.database.kind, detail: db.detail },
      storage: {
        ok: storage.ok,
        kind: this.config.storage.kind,
        detail: storage.ok ? 'writable' : storage.detail,
      },
      queue: { kind: this.config.queue.kind },
      schedule,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}
