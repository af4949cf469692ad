export type DocumentDirection = 'incoming' | 'outgoing';

/** Incoming statuses use the edXML status codes (QCVN 102:2016) so that they can be reported to senders as-is. */
export enum IncomingStatus {
  ARRIVED = '01',
  REFUSED = '02',
  REGISTERED = '03',
  ASSIGNED = '04',
  IN_PROGRESS = '05',
  DONE = '06',
}

/** Outgoing flow (Decree 30): draft → review → leader signs → clerk issues number → seal → dispatch. */
export enum OutgoingStatus {
  DRAFT = 'draft',
  IN_REVIEW = 'in-review',
  SIGNED = 'signed',
  ISSUED = 'issued',
  SEALED = 'sealed',
  DISPATCHED = 'dispatched',
  RECALLED = 'recalled',
  CANCELLED = 'cancelled',
}

export type DocumentStatus = IncomingStatus | OutgoingStatus;

export const DOCUMENT_STATUSES: readonly string[] = [
  ...Object.values(IncomingStatus),
  ...Object.values(OutgoingStatus),
];

/** Độ khẩn; the edXML priority is the index (0 normal … 3 hỏa tốc). */
export const URGENCIES = ['normal', 'urgent', 'very-urgent', 'flash'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Độ mật. */
export const SECRECY_LEVELS = ['none', 'confidential', 'secret', 'top-secret'] as const;
export type Secrecy = (typeof SECRECY_LEVELS)[number];

/** How a later outgoing letter relates to an earlier one. */
export const RELATIONS = ['recall', 'replace', 'correct'] as const;
export type Relation = (typeof RELATIONS)[number];
