import { Module } from '@nestjs/common';
import { DocumentTypesController } from './document-types.controller';
import { RegistersController } from './registers.controller';

/** Registers (sổ văn bản), their Decree 30 exports, and the document types. */
@Module({ controllers: [RegistersController, DocumentTypesController] })
export class RegistersModule {}
