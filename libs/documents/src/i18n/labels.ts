import type { RegisterKind } from '../registers/register.entity';

/** kyso speaks Vietnamese first; English is available on request (`Accept-Language: en`). */
export type Lang = 'vi' | 'en';

type Labels = Record<string, { vi: string; en: string }>;

export const STATUS_LABELS: Labels = {
  '01': { vi: 'Đã đến', en: 'Arrived' },
  '02': { vi: 'Từ chối', en: 'Refused' },
  '03': { vi: 'Đã vào sổ', en: 'Registered' },
  '04': { vi: 'Đã phân công', en: 'Assigned' },
  '05': { vi: 'Đang xử lý', en: 'In progress' },
  '06': { vi: 'Hoàn thành', en: 'Done' },
  draft: { vi: 'Dự thảo', en: 'Draft' },
  'in-review': { vi: 'Chờ duyệt', en: 'In review' },
  signed: { vi: 'Đã ký', en: 'Signed' },
  issued: { vi: 'Đã cấp số', en: 'Issued' },
  sealed: { vi: 'Đã ký số cơ quan', en: 'Sealed' },
  dispatched: { vi: 'Đã phát hành', en: 'Dispatched' },
  recalled: { vi: 'Đã thu hồi', en: 'Recalled' },
  cancelled: { vi: 'Đã hủy', en: 'Cancelled' },
};

export const URGENCY_LABELS: Labels = {
  normal: { vi: 'Thường', en: 'Normal' },
  urgent: { vi: 'Khẩn', en: 'Urgent' },
  'very-urgent': { vi: 'Thượng khẩn', en: 'Very urgent' },
  flash: { vi: 'Hỏa tốc', en: 'Flash' },
};

export const SECRECY_LABELS: Labels = {
  none: { vi: 'Thường', en: 'Not classified' },
  confidential: { vi: 'Mật', en: 'Confidential' },
  secret: { vi: 'Tối mật', en: 'Secret' },
  'top-secret': { vi: 'Tuyệt mật', en: 'Top secret' },
};

export const REGISTER_TITLES: Record<RegisterKind, { vi: string; en: string }> = {
  incoming: { vi: 'SỔ ĐĂNG KÝ VĂN BẢN ĐẾN', en: 'INCOMING DOCUMENTS REGISTER' },
  outgoing: { vi: 'SỔ ĐĂNG KÝ VĂN BẢN ĐI', en: 'OUTGOING DOCUMENTS REGISTER' },
  internal: { vi: 'SỔ ĐĂNG KÝ VĂN BẢN NỘI BỘ', en: 'INTERNAL DOCUMENTS REGISTER' },
};

export function label(labels: Labels, key: string, lang: Lang): string {
  return labels[key]?.[lang] ?? key;
}

/** Picks the language from an Accept-Language header: English only when asked for before Vietnamese. */
export function langFromHeader(header: string | undefined | null): Lang {
  if (!header) return 'vi';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag === 'vi' || tag.startsWith('vi-')) return 'vi';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'vi';
}
