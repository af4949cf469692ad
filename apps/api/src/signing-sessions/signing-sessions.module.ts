import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { pairingInfoFor } from '@kyso/agent-protocol';
import type { KysoConfig } from '@kyso/config';
import { type DomainServices, SigningSessionService, UserCertificatesService } from '@kyso/documents';
import type { Clock } from '@kyso/org';
import type { TrustServices } from '@kyso/signing';
import type { BlobStore } from '@kyso/storage';
import { AuthModule } from '../auth/auth.module';
import { BLOB_STORE, CLOCK, CONFIG, DATA_SOURCE } from '../core/tokens';
import { DOMAIN } from '../domain/domain.module';
import { TRUST_SERVICES } from '../core/trust-services.provider';
import { loadOrCreateRequestKey } from './request-key';
import { SigningSessionsController } from './signing-sessions.controller';
import { PAIRING_INFO } from './signing-sessions.tokens';

const REQUEST_KEY = Symbol('kyso.agentRequestKey');

/** Two-step signing with leaders' USB tokens through the token agent. */
@Module({
  imports: [AuthModule],
  controllers: [SigningSessionsController],
  providers: [
    {
      provide: REQUEST_KEY,
      inject: [CONFIG],
      useFactory: (config: KysoConfig) =>
        loadOrCreateRequestKey(join(config.dataDir, 'agent-request-key.pem')),
    },
    {
      provide: PAIRING_INFO,
      inject: [CONFIG, REQUEST_KEY],
      useFactory: (config: KysoConfig, key) => pairingInfoFor(new URL(config.http.publicUrl).origin, key),
    },
    {
      provide: SigningSessionService,
      inject: [DATA_SOURCE, BLOB_STORE, CLOCK, DOMAIN, TRUST_SERVICES, REQUEST_KEY, CONFIG],
      useFactory: (
        ds: DataSource,
        blobs: BlobStore,
        clock: Clock,
        d: DomainServices,
        trust: TrustServices,
        key,
        config: KysoConfig,
      ) =>
        new SigningSessionService(
          ds,
          blobs,
          clock,
          d.audit,
          d.versions,
          d.drafting,
          trust,
          key,
          new URL(config.http.publicUrl).origin,
        ),
    },
    {
      provide: UserCertificatesService,
      inject: [DATA_SOURCE, CLOCK, DOMAIN],
      useFactory: (ds: DataSource, clock: Clock, d: DomainServices) =>
        new UserCertificatesService(ds, clock, d.audit),
    },
  ],
})
export class SigningSessionsModule {}
