import { Module } from '@nestjs/common';
import { OrganisationsController } from './organisations.controller';
import { UnitsController } from './units.controller';
import { UsersController } from './users.controller';

/** Organisations, their units and users (libs/org behind thin controllers). */
@Module({ controllers: [OrganisationsController, UnitsController, UsersController] })
export class OrganisationsModule {}
