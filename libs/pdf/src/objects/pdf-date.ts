import { PdfError, PdfErrorCode } from '../errors/pdf-error';

/** Vietnam's offset from UTC (ICT, no daylight saving): the default everywhere in kyso. */
export const VIETNAM_UTC_OFFSET_MINUTES = 7 * 60;

function checkOffset(offsetMinutes: number): void {
  if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > 14 * 60) {
    throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, { detail: `UTC offset ${offsetMinutes} minutes` });
  }
}

function localParts(date: Date, offsetMinutes: number) {
  if (Number.isNaN(date.getTime()))
    throw new PdfError(PdfErrorCode.INVALID_ARGUMENT, { detail: 'invalid date' });
  checkOffset(offsetMinutes);
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return {
    y: p(local.getUTCFullYear(), 4),
    mo: p(local.getUTCMonth() + 1),
    d: p(local.getUTCDate()),
    h: p(local.getUTCHours()),
    mi: p(local.getUTCMinutes()),
    s: p(local.getUTCSeconds()),
    sign,
    oh: p(Math.floor(abs / 60)),
    om: p(abs % 60),
  };
}

/** `D:20250714093012+07'00'` — a PDF date (ISO 32000-1 §7.9.4) in the given UTC offset. */
export function formatPdfDate(date: Date, offsetMinutes = VIETNAM_UTC_OFFSET_MINUTES): string {
  const t = localParts(date, offsetMinutes);
  return `D:${t.y}${t.mo}${t.d}${t.h}${t.mi}${t.s}${t.sign}${t.oh}'${t.om}'`;
}

/** `2025-07-14T09:30:12+07:00` — the ISO 8601 form Decree 30 stamps use. */
export function formatIsoDateTime(date: Date, offsetMinutes = VIETNAM_UTC_OFFSET_MINUTES): string {
  const t = localParts(date, offsetMinutes);
  return `${t.y}-${t.mo}-${t.d}T${t.h}:${t.mi}:${t.s}${t.sign}${t.oh}:${t.om}`;
}

/** Parses a PDF date string; returns undefined when it is not one. Missing parts default per the spec. */
export function parsePdfDate(text: string): Date | undefined {
  const m =
    /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(?:(\d{2})'?(?:(\d{2})'?)?)?)?/.exec(
      text.trim(),
    );
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign, oh = '00', om = '00'] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(utc)) return undefined;
  const offset = sign === '+' || sign === '-' ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  return new Date(utc - offset * 60_000);
}
