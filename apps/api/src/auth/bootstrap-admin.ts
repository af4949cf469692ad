import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import type { KysoConfig } from '@kyso/config';
import { UserService } from '@kyso/org';
import { CONFIG, LOGGER } from '../core/tokens';

/** Creates the system administrator from KYSO_BOOTSTRAP_ADMIN when the database has no users yet. */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  constructor(
    @Inject(CONFIG) private readonly config: KysoConfig,
    @Inject(UserService) private readonly users: UserService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.auth.bootstrapAdmin;
    if (!admin) return;
    const created = await this.users.bootstrapAdmin(admin);
    if (created)
      this.logger.info(
        { username: created.username },
        'created the system administrator from KYSO_BOOTSTRAP_ADMIN',
      );
  }
}
