import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { col } from '../columns';

/**
 * Document types of Decree 30/2020/ND-CP Appendix III, as of this migration. Later changes to the list come as new
 * migrations so that a database always says which abbreviation was in force when a number was issued.
 * Công văn has no abbreviation: its symbol is organisation + drafting unit.
 */
const DECREE_30_TYPES: Array<
  [code: string, abbreviation: string | null, vi: string, en: string, category: string]
> = [
  ['nghi-quyet', 'NQ', 'Nghị quyết', 'Resolution', 'administrative'],
  ['quyet-dinh', 'QĐ', 'Quyết định', 'Decision', 'administrative'],
  ['chi-thi', 'CT', 'Chỉ thị', 'Directive', 'administrative'],
  ['quy-che', 'QC', 'Quy chế', 'Statute', 'administrative'],
  ['quy-dinh', 'QyĐ', 'Quy định', 'Regulation', 'administrative'],
  ['thong-cao', 'TC', 'Thông cáo', 'Communiqué', 'administrative'],
  ['thong-bao', 'TB', 'Thông báo', 'Notice', 'administrative'],
  ['huong-dan', 'HD', 'Hướng dẫn', 'Guidance', 'administrative'],
  ['chuong-trinh', 'CTr', 'Chương trình', 'Programme', 'administrative'],
  ['ke-hoach', 'KH', 'Kế hoạch', 'Plan', 'administrative'],
  ['phuong-an', 'PA', 'Phương án', 'Scheme', 'administrative'],
  ['de-an', 'ĐA', 'Đề án', 'Proposal', 'administrative'],
  ['du-an', 'DA', 'Dự án', 'Project', 'administrative'],
  ['bao-cao', 'BC', 'Báo cáo', 'Report', 'administrative'],
  ['bien-ban', 'BB', 'Biên bản', 'Minutes', 'administrative'],
  ['to-trinh', 'TTr', 'Tờ trình', 'Submission', 'administrative'],
  ['hop-dong', 'HĐ', 'Hợp đồng', 'Contract', 'administrative'],
  ['cong-dien', 'CĐ', 'Công điện', 'Official telegram', 'administrative'],
  ['ban-ghi-nho', 'BGN', 'Bản ghi nhớ', 'Memorandum of understanding', 'administrative'],
  ['ban-thoa-thuan', 'BTT', 'Bản thỏa thuận', 'Agreement', 'administrative'],
  ['giay-uy-quyen', 'GUQ', 'Giấy ủy quyền', 'Power of attorney', 'administrative'],
  ['giay-moi', 'GM', 'Giấy mời', 'Invitation', 'administrative'],
  ['giay-gioi-thieu', 'GGT', 'Giấy giới thiệu', 'Letter of introduction', 'administrative'],
  ['giay-nghi-phep', 'GNP', 'Giấy nghỉ phép', 'Leave certificate', 'administrative'],
  ['phieu-gui', 'PG', 'Phiếu gửi', 'Dispatch slip', 'administrative'],
  ['phieu-chuyen', 'PC', 'Phiếu chuyển', 'Transfer slip', 'administrative'],
  ['phieu-bao', 'PB', 'Phiếu báo', 'Notification slip', 'administrative'],
  ['cong-van', null, 'Công văn', 'Official letter', 'letter'],
  ['sao-y', 'SY', 'Bản sao y', 'Certified copy', 'copy'],
  ['trich-sao', 'TrS', 'Bản trích sao', 'Extract copy', 'copy'],
  ['sao-luc', 'SL', 'Bản sao lục', 'Transcribed copy', 'copy'],
];

/**
 * Registers (sổ văn bản) with their numbering counter, documents with files, recipients, assignments and processing
 * events, and the hash-chained audit trail. Numbers are unique per register (a register is one organisation, kind,
 * series and year), which backs up the counter row; see docs/adr/0004-numbering.md.
 */
export class Documents1732400001000 implements MigrationInterface {
  name = 'Documents1732400001000';

  async up(q: QueryRunner): Promise<void> {
    const orgFk = {
      columnNames: ['organisation_id'],
      referencedTableName: 'organisations',
      referencedColumnNames: ['id'],
    };
    await q.createTable(
      new Table({
        name: 'document_types',
        columns: [
          { ...col.str('code', 30), isPrimary: true },
          col.str('abbreviation', 10, true),
          col.str('name_vi', 100),
          col.str('name_en', 100),
          col.str('category', 20),
          col.int('sort_order'),
        ],
      }),
    );
    const p =
      q.connection.options.type === 'postgres' ? ['$1', '$2', '$3', '$4', '$5', '$6'] : Array(6).fill('?');
    for (const [i, row] of DECREE_30_TYPES.entries()) {
      await q.query(
        `INSERT INTO document_types (code, abbreviation, name_vi, name_en, category, sort_order) VALUES (${p.join(', ')})`,
        [...row, i + 1],
      );
    }

    await q.createTable(
      new Table({
        name: 'registers',
        columns: [
          col.id(),
          col.uuid('organisation_id'),
          col.str('kind', 10),
          col.int('year'),
          col.str('series', 40),
          col.str('name', 200),
          { ...col.int('next_number'), default: 1 },
          col.instant('created_at'),
          col.instant('closed_at', true),
        ],
        uniques: [
          { name: 'uq_registers_series_year', columnNames: ['organisation_id', 'kind', 'series', 'year'] },
        ],
        foreignKeys: [orgFk],
      }),
    );

    await q.createTable(
      new Table({
        name: 'documents',
        columns: [
          col.id(),
          col.uuid('organisation_id'),
          col.str('direction', 10),
          col.str('status', 20),
          col.uuid('register_id', true),
          col.int('register_number', true),
          col.str('type_code', 30),
          col.str('number_symbol', 80, true),
          col.str('number_symbol_key', 80, true),
          col.date('document_date', true),
          col.int('document_year', true),
          col.text('subject'),
          col.str('signer_name', 200, true),
          col.str('signer_title', 200, true),
          col.str('urgency', 15),
          col.str('secrecy', 15),
          col.str('sender_name', 300, true),
          col.str('sender_code', 35, true),
          col.str('sender_key', 300, true),
          col.uuid('sender_organisation_id', true),
          col.uuid('source_document_id', true),
          col.date('arrival_date', true),
          col.instant('arrived_at', true),
          col.date('due_date', true),
          col.uuid('drafting_unit_id', true),
          col.int('copies', true),
          col.text('note', true),
          col.uuid('related_document_id', true),
          col.str('relation', 10, true),
          col.uuid('replaced_by_id', true),
          col.uuid('presented_to', true),
          col.instant('signed_at', true),
          col.uuid('signed_by', true),
          col.instant('issued_at', true),
          col.uuid('issued_by', true),
          col.instant('sealed_at', true),
          col.instant('dispatched_at', true),
          col.instant('recalled_at', true),
          col.text('recall_reason', true),
          col.instant('cancelled_at', true),
          col.text('cancel_reason', true),
          col.str('signature_status', 20, true),
          col.text('search_text'),
          col.uuid('created_by', true),
          col.instant('created_at'),
          col.instant('updated_at'),
        ],
        indices: [
          {
            name: 'uq_documents_register_number',
            columnNames: ['register_id', 'register_number'],
            isUnique: true,
          },
          {
            name: 'uq_documents_outgoing_number_symbol',
            columnNames: ['organisation_id', 'document_year', 'number_symbol'],
            isUnique: true,
            where: "direction = 'outgoing'",
          },
          { name: 'ix_documents_org_created', columnNames: ['organisation_id', 'created_at'] },
          { name: 'ix_documents_org_status', columnNames: ['organisation_id', 'status'] },
          {
            name: 'ix_documents_duplicate',
            columnNames: ['organisation_id', 'number_symbol_key', 'document_year'],
          },
          { name: 'ix_documents_source', columnNames: ['source_document_id'] },
        ],
        foreignKeys: [
          orgFk,
          { columnNames: ['register_id'], referencedTableName: 'registers', referencedColumnNames: ['id'] },
          {
            columnNames: ['type_code'],
            referencedTableName: 'document_types',
            referencedColumnNames: ['code'],
          },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'document_files',
        columns: [
          col.id(),
          col.uuid('document_id'),
          col.int('version'),
          col.str('kind', 15),
          col.str('file_name', 255),
          col.str('content_type', 100),
          col.bigint('size'),
          col.str('sha256', 64),
          col.str('blob_key', 200),
          col.str('signature_status', 20, true),
          col.json('signature_report'),
          col.uuid('created_by', true),
          col.instant('created_at'),
        ],
        uniques: [{ name: 'uq_document_files_version', columnNames: ['document_id', 'version'] }],
        foreignKeys: [
          { columnNames: ['document_id'], referencedTableName: 'documents', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'document_recipients',
        columns: [
          col.id(),
          col.uuid('document_id'),
          col.str('delivery', 10),
          col.uuid('organisation_id', true),
          col.str('name', 300),
          col.str('email', 200, true),
          col.str('status', 15),
          col.uuid('delivered_document_id', true),
          col.str('download_token_hash', 64, true),
          col.instant('download_expires_at', true),
          col.instant('dispatched_at', true),
          col.instant('created_at'),
        ],
        indices: [
          { name: 'ix_document_recipients_document', columnNames: ['document_id'] },
          { name: 'uq_document_recipients_token', columnNames: ['download_token_hash'], isUnique: true },
        ],
        foreignKeys: [
          { columnNames: ['document_id'], referencedTableName: 'documents', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'assignments',
        columns: [
          col.id(),
          col.uuid('document_id'),
          col.uuid('organisation_id'),
          col.str('role', 12),
          col.uuid('unit_id', true),
          col.uuid('user_id', true),
          col.text('instruction', true),
          col.date('deadline', true),
          col.str('status', 12),
          col.uuid('assigned_by'),
          col.instant('assigned_at'),
          col.instant('completed_at', true),
          col.instant('updated_at'),
        ],
        indices: [
          { name: 'ix_assignments_document', columnNames: ['document_id'] },
          { name: 'ix_assignments_org_deadline', columnNames: ['organisation_id', 'status', 'deadline'] },
          { name: 'ix_assignments_user', columnNames: ['user_id'] },
          { name: 'ix_assignments_unit', columnNames: ['unit_id'] },
        ],
        foreignKeys: [
          { columnNames: ['document_id'], referencedTableName: 'documents', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'processing_events',
        columns: [
          col.id(),
          col.uuid('document_id'),
          col.uuid('organisation_id'),
          col.uuid('assignment_id', true),
          col.str('kind', 30),
          col.uuid('actor_id', true),
          col.text('note', true),
          col.int('percent', true),
          col.instant('at'),
        ],
        indices: [{ name: 'ix_processing_events_document', columnNames: ['document_id', 'at'] }],
        foreignKeys: [
          { columnNames: ['document_id'], referencedTableName: 'documents', referencedColumnNames: ['id'] },
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'audit_chain_heads',
        columns: [
          { ...col.str('chain_id', 40), isPrimary: true },
          col.int('seq'),
          col.str('prev_hash', 64),
          col.str('last_hash', 64),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          { ...col.str('chain_id', 40), isPrimary: true },
          { ...col.int('seq'), isPrimary: true },
          col.instant('at'),
          col.uuid('actor_id', true),
          col.str('action', 40),
          col.str('entity_type', 30),
          col.str('entity_id', 40, true),
          col.text('data'),
          col.str('prev_hash', 64),
          col.str('hash', 64),
        ],
        indices: [{ name: 'ix_audit_entries_entity', columnNames: ['entity_type', 'entity_id'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'audit_entries',
      'audit_chain_heads',
      'processing_events',
      'assignments',
      'document_recipients',
      'document_files',
      'documents',
      'registers',
      'document_types',
    ]) {
      await q.dropTable(t);
    }
  }
}
