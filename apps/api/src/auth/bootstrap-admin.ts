import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { KysoConfig } from '@kyso/config';
import { withStartupLock } from '@kyso/database';
import { UserService } from '@kyso/org';
import { CONFIG, DATA_SOURCE, LOGGER } from '../core/tokens';

/**
 * Creates the system administrator from KYSO_BOOTSTRAP_ADMIN when the database has no users yet. Under the start-up
 * lock, like the migrations before it: of replicas started together, the first creates the administrator and the
 * others, waiting their turn, find a user and do nothing.
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  constructor(
    @Inject(CONFIG) private readonly config: KysoConfig,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(UserService) private readonly users: UserService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.auth.bootstrapAdmin;
    if (!admin) return;
    const created = await withStartupLock(this.ds, (session) =>
      this.users.bootstrapAdmin(admin, session && ((work) => session.manager.transaction(work))),
    );
    if (created)
      this.logger.info(
        { username: created.username },
        'created the system administrator from KYSO_BOOTSTRAP_ADMIN',
      );
  }
}
