import { Module } from '@nestjs/common';
import { LineageController, ReorganisationController } from './reorganisation.controller';
import { reorganisationProviders } from './reorganisation.providers';

/**
 * Reorganisations (merge, split, rename, code change, unit transfer), the continuity of work on the effective date,
 * the lineage questions, and the archive runs that keep a ceasing organisation's signatures verifiable.
 */
@Module({
  controllers: [ReorganisationController, LineageController],
  providers: reorganisationProviders,
  exports: reorganisationProviders.map((p) => (p as { provide: unknown }).provide as symbol),
})
export class ReorganisationModule {}
