import { Module } from '@nestjs/common';
import { AssignmentsController } from './assignments.controller';

/** Routing of incoming documents to units and people, progress and deadline follow-up. */
@Module({ controllers: [AssignmentsController] })
export class AssignmentsModule {}
