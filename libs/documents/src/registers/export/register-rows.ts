import type { EntityManager } from 'typeorm';
import { Organisation, OrgUnit, User, vietnamDate } from '@kyso/org';
import type { Assignment } from '../../assignments/assignment.entity';
import { AssignmentRepository } from '../../assignments/assignment.repository';
import type { DocumentTypeService } from '../../document-types/document-type.service';
import type { DocumentRecipient } from '../../documents/document-recipient.entity';
import { DocumentRecipientRepository } from '../../documents/document-recipient.repository';
import type { DocumentRecord } from '../../documents/document.entity';
import { DocumentRepository } from '../../documents/document.repository';
import { type Lang, label, REGISTER_TITLES, STATUS_LABELS } from '../../i18n/labels';
import type { Register } from '../register.entity';

/** A register laid out as Decree 30 prescribes: a title, column headings and one row of text cells per document. */
export interface RegisterTable {
  title: string;
  subtitle: string;
  organisation: string;
  columns: Array<{ heading: string; width: number }>;
  rows: string[][];
}

type Column = { vi: string; en: string; width: number };

/** Sổ đăng ký văn bản đến: ngày đến, số đến, tác giả, số ký hiệu, ngày văn bản, tên loại và trích yếu, … */
const INCOMING: Column[] = [
  { vi: 'Ngày đến', en: 'Arrival date', width: 11 },
  { vi: 'Số đến', en: 'Arrival no.', width: 8 },
  { vi: 'Tác giả', en: 'Sender', width: 22 },
  { vi: 'Số, ký hiệu', en: 'Number, symbol', width: 16 },
  { vi: 'Ngày văn bản', en: 'Document date', width: 11 },
  { vi: 'Tên loại và trích yếu nội dung', en: 'Type and summary', width: 40 },
  { vi: 'Đơn vị hoặc người nhận', en: 'Receiving unit or person', width: 20 },
  { vi: 'Ngày chuyển', en: 'Date forwarded', width: 11 },
  { vi: 'Ký nhận', en: 'Signature of receipt', width: 10 },
  { vi: 'Ghi chú', en: 'Notes', width: 20 },
];

/** Sổ đăng ký văn bản đi: số ký hiệu, ngày, tên loại và trích yếu, người ký, nơi nhận, bản lưu, số lượng bản, … */
const OUTGOING: Column[] = [
  { vi: 'Số, ký hiệu văn bản', en: 'Number, symbol', width: 16 },
  { vi: 'Ngày tháng văn bản', en: 'Date', width: 11 },
  { vi: 'Tên loại và trích yếu nội dung', en: 'Type and summary', width: 40 },
  { vi: 'Người ký', en: 'Signed by', width: 18 },
  { vi: 'Nơi nhận văn bản', en: 'Recipients', width: 24 },
  { vi: 'Đơn vị, người nhận bản lưu', en: 'File copy kept by', width: 16 },
  { vi: 'Số lượng bản', en: 'Copies', width: 8 },
  { vi: 'Ngày chuyển', en: 'Date sent', width: 11 },
  { vi: 'Ký nhận', en: 'Signature of receipt', width: 10 },
  { vi: 'Ghi chú', en: 'Notes', width: 20 },
];

/** `2025-07-14` → `14/07/2025`, the Vietnamese way. */
export function vnDate(date: string | null | undefined): string {
  if (!date) return '';
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

const documents = new DocumentRepository();
const leads = new AssignmentRepository();
const recipientRows = new DocumentRecipientRepository();

/** Loads the register's documents in number order (cancelled ones included: their number stays with a reason). */
export async function buildRegisterTable(
  em: EntityManager,
  register: Register,
  types: DocumentTypeService,
  lang: Lang,
): Promise<RegisterTable> {
  const org = await em.findOneOrFail(Organisation, { where: { id: register.organisationId } });
  const docs = await documents.findInRegister(em, register.id);
  const numbered = docs.filter((d) => d.registerNumber !== null);
  const ids = numbered.map((d) => d.id);
  const chunks = <T>(all: T[], size = 500): T[][] =>
    Array.from({ length: Math.ceil(all.length / size) }, (_, i) => all.slice(i * size, i * size + size));
  const assignments: Assignment[] = [];
  const recipients: DocumentRecipient[] = [];
  for (const part of chunks(ids)) {
    assignments.push(...(await leads.listLeads(em, part)));
    recipients.push(...(await recipientRows.listForDocuments(em, part)));
  }
  const units = new Map(
    (await em.find(OrgUnit, { where: { organisationId: org.id } })).map((u) => [u.id, u.name]),
  );
  const users = new Map(
    (await em.find(User, { where: { organisationId: org.id } })).map((u) => [u.id, u.fullName]),
  );
  const typeNames = new Map<string, string>();
  for (const d of numbered)
    if (!typeNames.has(d.typeCode)) typeNames.set(d.typeCode, await types.nameOf(d.typeCode, lang, em));

  const columns = (register.kind === 'incoming' ? INCOMING : OUTGOING).map((c) => ({
    heading: c[lang],
    width: c.width,
  }));
  const notes = (d: DocumentRecord): string =>
    [
      d.cancelledAt ? `${label(STATUS_LABELS, 'cancelled', lang)}: ${d.cancelReason ?? ''}` : '',
      d.recalledAt ? `${label(STATUS_LABELS, 'recalled', lang)}: ${d.recallReason ?? ''}` : '',
      d.status === '02' ? `${label(STATUS_LABELS, '02', lang)}: ${d.note ?? ''}` : '',
      d.status !== '02' && d.note ? d.note : '',
    ]
      .filter(Boolean)
      .join('; ');
  const summary = (d: DocumentRecord) => `${typeNames.get(d.typeCode) ?? d.typeCode}: ${d.subject}`;

  const rows = numbered.map((d) => {
    if (register.kind === 'incoming') {
      const lead = assignments.find((a) => a.documentId === d.id);
      const receiver = lead ? (lead.unitId ? units.get(lead.unitId) : users.get(lead.userId ?? '')) : '';
      return [
        vnDate(d.arrivalDate),
        String(d.registerNumber),
        d.senderName ?? '',
        d.numberSymbol ?? '',
        vnDate(d.documentDate),
        summary(d),
        receiver ?? '',
        lead ? vnDate(vietnamDate(lead.assignedAt)) : '',
        '',
        notes(d),
      ];
    }
    const sent = recipients.filter((r) => r.documentId === d.id);
    return [
      d.numberSymbol ?? String(d.registerNumber),
      vnDate(d.documentDate),
      summary(d),
      [d.signerTitle, d.signerName].filter(Boolean).join(' '),
      sent.map((r) => r.name).join('; '),
      d.draftingUnitId ? (units.get(d.draftingUnitId) ?? '') : '',
      d.copies ? String(d.copies) : '',
      d.dispatchedAt ? vnDate(vietnamDate(d.dispatchedAt)) : '',
      '',
      notes(d),
    ];
  });
  return {
    title: REGISTER_TITLES[register.kind][lang],
    subtitle: `${register.name} — ${lang === 'en' ? 'year' : 'năm'} ${register.year}`,
    organisation: org.name,
    columns,
    rows,
  };
}
