import { type DynamicModule, Module } from '@nestjs/common';
import { AssignmentsModule } from './assignments/assignments.module';
import { AuthModule } from './auth/auth.module';
import { CoreModule, type CoreDeps } from './core/core.module';
import { DocumentsModule } from './documents/documents.module';
import { DomainModule } from './domain/domain.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { RegistersModule } from './registers/registers.module';
import { ReorganisationModule } from './reorganisation/reorganisation.module';
import { ScheduleModule } from './schedule/schedule.module';
import { SigningPageModule } from './signing-page/signing-page.module';
import { SigningSessionsModule } from './signing-sessions/signing-sessions.module';
import { SigningModule } from './signing/signing.module';
import { VerificationBatchesModule } from './verification-batches/verification-batches.module';
import { VerifyModule } from './verify/verify.module';

/** The API's composition root: infrastructure first, then one module per feature. */
@Module({})
export class AppModule {
  static forRoot(deps: CoreDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(deps),
        HealthModule,
        DomainModule,
        IdempotencyModule,
        AuthModule,
        OrganisationsModule,
        RegistersModule,
        DocumentsModule,
        AssignmentsModule,
        SigningModule,
        VerifyModule,
        VerificationBatchesModule,
        ReorganisationModule,
        ScheduleModule,
        SigningSessionsModule,
        SigningPageModule.forRoot({ agentUrl: deps.config.signing.agentUrl }),
      ],
    };
  }
}
