import type { DataSource } from 'typeorm';
import { type Actor, memberOrganisation, requireRole, Role } from '@kyso/org';
import { readOnly } from '@kyso/database';
import type { DocumentTypeService } from '../../document-types/document-type.service';
import { DocumentsError, DocumentsErrorCode } from '../../documents.exception';
import type { Lang } from '../../i18n/labels';
import type { RegisterService } from '../register.service';
import { renderRegisterCsv } from './register-csv';
import { renderRegisterPdf } from './register-pdf';
import { buildRegisterTable } from './register-rows';
import { renderRegisterXlsx } from './register-xlsx';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface RegisterExport {
  fileName: string;
  contentType: string;
  body: Buffer;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** Exports a register with the Decree 30 columns as CSV, XLSX or PDF, headings in Vietnamese (or English). */
export class RegisterExportService {
  constructor(
    private readonly ds: DataSource,
    private readonly registers: RegisterService,
    private readonly types: DocumentTypeService,
  ) {}

  async export(actor: Actor, registerId: string, format: ExportFormat, lang: Lang): Promise<RegisterExport> {
    requireRole(actor, Role.CLERK, Role.LEADER);
    if (!EXPORT_FORMATS.includes(format))
      throw new DocumentsError(DocumentsErrorCode.INVALID_INPUT, { fields: ['format'], reason: 'format' });
    const organisationId = memberOrganisation(actor);
    const { register, table } = await readOnly(this.ds, async (tx) => {
      const register = await this.registers.requireInOrganisation(tx, organisationId, registerId);
      return { register, table: await buildRegisterTable(tx, register, this.types, lang) };
    });
    const body =
      format === 'csv'
        ? renderRegisterCsv(table)
        : format === 'xlsx'
          ? await renderRegisterXlsx(table)
          : await renderRegisterPdf(table, lang);
    const base = `so-van-ban-${register.kind === 'incoming' ? 'den' : register.kind === 'outgoing' ? 'di' : 'noi-bo'}-${register.series}-${register.year}`;
    return {
      fileName: `${base.replace(/[^A-Za-z0-9._-]/g, '_')}.${format}`,
      contentType: CONTENT_TYPES[format],
      body,
    };
  }
}
