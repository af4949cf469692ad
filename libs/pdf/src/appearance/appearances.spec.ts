import { describe, expect, it } from 'vitest';
import { getPage } from '../document/page-tree';
import { PdfReader } from '../document/pdf-reader';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';
import { PdfDict, PdfName, PdfRef, PdfStream } from '../objects/pdf-objects';
import { prepareSignature } from '../signature/prepare-signature';
import { qpdfCheck, runOnPdf } from '../../testing/external-tools';
import { simplePdf } from '../../../../test/support/pdf-fixtures';
import { sealPng, signaturePng } from '../../../../test/support/png';
import type { AppearanceStream } from './appearance-stream';
import { loadBundledFont } from './bundled-font';
import { buildLeaderAppearance } from './leader-appearance';
import { buildSealAppearance } from './seal-appearance';
import { sealRectOverLeader, topRightStampRect } from './stamp-placement';
import { buildTextStampAppearance } from './text-stamp-appearance';

const VIETNAMESE =
  'ạ ả ấ ầ ẩ ẫ ậ ắ ằ ẳ ẵ ặ ẹ ẻ ẽ ế ề ể ễ ệ ỉ ị ọ ỏ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ụ ủ ứ ừ ử ữ ự ỳ ỵ ỷ ỹ đ Đ ơ ư';

function objectsOfType(appearance: AppearanceStream, type: string): PdfDict[] {
  const out: PdfDict[] = [];
  for (const value of appearance.objects.values()) {
    const dict = value instanceof PdfStream ? value.dict : value instanceof PdfDict ? value : undefined;
    if (dict && (dict.getName('Type') === type || dict.getName('Subtype') === type)) out.push(dict);
  }
  return out;
}

async function stampedPdf(appearance: AppearanceStream): Promise<Buffer> {
  const pdf = await simplePdf();
  const page = await getPage(await PdfReader.open(pdf), 0);
  const rect = topRightStampRect(page.cropBox, appearance);
  const prepared = await prepareSignature(pdf, { kind: 'signature', contentsSize: 1024, rect, appearance });
  return prepared.output.toBuffer();
}

describe('bundled font', () => {
  it('covers every Vietnamese letter', async () => {
    const fontkit = (await import('@pdf-lib/fontkit')).default;
    const font = fontkit.create(await loadBundledFont());
    const letters = [...VIETNAMESE.replace(/ /g, ''), ...VIETNAMESE.replace(/ /g, '').toUpperCase()];
    expect(letters.filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0) as number))).toEqual([]);
  });
});

describe('text stamp (attachments and copies)', () => {
  const lines = ['05/QĐ-UBND', '2025-07-14T09:30:12+07:00', `Quyết định ${VIETNAMESE}`];

  it('renders Vietnamese text that pdftotext and mutool extract exactly', async () => {
    const file = await stampedPdf(await buildTextStampAppearance({ lines, fontSize: 10 }));
    expect(qpdfCheck(file).status).toBe(0);
    const poppler = runOnPdf('pdftotext', ['{}', '-'], file);
    expect(poppler.status).toBe(0);
    for (const line of lines) expect(poppler.stdout).toContain(line);
    const mupdf = runOnPdf('mutool', ['draw', '-F', 'txt', '-o', '-', '{}'], file);
    expect(mupdf.stdout).toContain('Quyết định');
    expect(mupdf.stdout).toContain('05/QĐ-UBND');
  });

  it('embeds a Type0 / Identity-H font subset with /ToUnicode, deterministically', async () => {
    const appearance = await buildTextStampAppearance({ lines });
    const [type0] = objectsOfType(appearance, 'Type0');
    expect(type0.getName('Encoding')).toBe('Identity-H');
    expect(type0.getName('BaseFont')).toMatch(/^[A-Z]{6}\+LiberationSerif$/);
    expect(type0.has('ToUnicode')).toBe(true);
    const [cid] = objectsOfType(appearance, 'CIDFontType2');
    expect(cid.getName('CIDToGIDMap')).toBe('Identity');
    const descriptor = objectsOfType(appearance, 'FontDescriptor')[0];
    const fontFile = appearance.objects.get(descriptor.getRef('FontFile2')?.num as number) as PdfStream;
    expect(fontFile.data?.length).toBeLessThan(40_000); // the full font is 393 KB
    const again = await buildTextStampAppearance({ lines });
    expect(objectsOfType(again, 'Type0')[0].getName('BaseFont')).toBe(type0.getName('BaseFont'));
  });

  it('is black, 10 pt, sized to its text', async () => {
    const appearance = await buildTextStampAppearance({ lines: ['05/QĐ-UBND', '2025-07-14T09:30:12+07:00'] });
    const root = appearance.objects.get(appearance.root.num) as PdfStream;
    const { inflateSync } = await import('node:zlib');
    const content = inflateSync(root.data as Buffer).toString('latin1');
    expect(content.match(/ 0 g \/F1 10 Tf /g)).toHaveLength(2);
    expect(appearance.height).toBeCloseTo(2 * 12 + 4, 5);
    expect(appearance.width).toBeGreaterThan(100);
    expect(appearance.width).toBeLessThan(160);
    expect(root.dict.getArray('BBox')).toEqual([0, 0, appearance.width, appearance.height]);
  });

  it('places the stamp in the top-right corner of the page box', () => {
    expect(topRightStampRect([0, 0, 595, 842], { width: 120, height: 28 }, 10)).toEqual([465, 804, 120, 28]);
    expect(topRightStampRect([10, 20, 610, 812], { width: 100, height: 20 }, 0)).toEqual([510, 792, 100, 20]);
  });

  it('refuses characters the font cannot draw', async () => {
    const error = await buildTextStampAppearance({ lines: ['中文'] }).catch((e: unknown) => e);
    expect((error as PdfError).code).toBe(PdfErrorCode.FONT_INVALID);
  });
});

describe('leader and seal appearances', () => {
  it('draws title, signature image (with /SMask) and name; the image sits between them', async () => {
    const leader = await buildLeaderAppearance({
      signerName: 'Nguyễn Văn Bình',
      title: 'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH',
      signingTime: new Date('2025-07-14T02:30:12Z'),
      signatureImagePng: signaturePng(300, 120),
      width: 200,
      height: 130,
    });
    const [images] = [objectsOfType(leader, 'Image')];
    const main = images.find((d) => d.has('SMask'));
    expect(main?.getName('ColorSpace')).toBe('DeviceRGB');
    const box = leader.imageBox as readonly number[];
    expect(box[0]).toBeGreaterThanOrEqual(0);
    expect(box[0] + box[2]).toBeLessThanOrEqual(200);
    expect(box[1]).toBeGreaterThan(20); // above the name and time
    expect(box[1] + box[3]).toBeLessThan(130 - 25); // below two title lines
    expect(box[2] / box[3]).toBeCloseTo(300 / 120, 5);

    const text = runOnPdf('pdftotext', ['{}', '-'], await stampedPdf(leader)).stdout;
    expect(text).toContain('TM. ỦY BAN NHÂN DÂN');
    expect(text).toContain('CHỦ TỊCH');
    expect(text).toContain('Nguyễn Văn Bình');
    expect(text).toContain('2025-07-14T09:30:12+07:00');
  });

  it('sizes the seal from the PNG resolution, else 36 mm, else as asked', async () => {
    const fromDpi = await buildSealAppearance({ sealImagePng: sealPng(425, 300) });
    expect(fromDpi.width).toBeCloseTo((425 / 300) * 72, 3);
    const fallback = await buildSealAppearance({ sealImagePng: sealPng(100) });
    expect(fallback.width).toBeCloseTo((36 * 72) / 25.4, 3);
    expect(fallback.height).toBeCloseTo(fallback.width, 5);
    const explicit = await buildSealAppearance({ sealImagePng: sealPng(100), width: 90 });
    expect([explicit.width, explicit.height]).toEqual([90, 90]);
    const smask = objectsOfType(explicit, 'Image').find((d) => d.has('SMask'));
    expect(smask).toBeDefined();
  });

  it('places the seal over the left third of the leader image', () => {
    const leader = { width: 200, height: 100, imageBox: [50, 30, 90, 40] as const };
    // Leader appearance drawn at twice its size.
    const [x, y, w, h] = sealRectOverLeader([100, 200, 400, 200], leader, { width: 102, height: 102 });
    const imageLeft = 100 + 50 * 2;
    const imageWidth = 90 * 2;
    expect(x + w - imageLeft).toBeCloseTo(imageWidth / 3, 6);
    expect(y + h / 2).toBeCloseTo(200 + (30 + 20) * 2, 6);
    expect([w, h]).toEqual([102, 102]);
  });

  it('rejects something that is not a PNG', async () => {
    const error = await buildSealAppearance({ sealImagePng: Buffer.from('GIF89a....') }).catch(
      (e: unknown) => e,
    );
    expect((error as PdfError).code).toBe(PdfErrorCode.IMAGE_INVALID);
  });

  it('imports the appearance graph renumbered and self-contained', async () => {
    const appearance = await buildSealAppearance({ sealImagePng: sealPng(60) });
    const file = await stampedPdf(appearance);
    expect(qpdfCheck(file).status).toBe(0);
    const reader = await PdfReader.open(file);
    const acroForm = (await reader.resolveDict((await reader.catalog()).get('AcroForm'))) as PdfDict;
    const widget = (await reader.resolveDict(acroForm.getArray('Fields')?.[0])) as PdfDict;
    const normal = await reader.getObject(widget.getDict('AP')?.getRef('N') as PdfRef);
    expect(normal).toBeInstanceOf(PdfStream);
    const form = normal as PdfStream;
    expect(form.dict.get('Subtype')).toEqual(new PdfName('Form'));
    // Every object of the graph was given a number beyond the original document's.
    const image = form.dict.getDict('Resources')?.getDict('XObject')?.getRef('Im1') as PdfRef;
    expect(image.num).toBeGreaterThan(reader.atRevision(0).nextObjectNumber - 1);
    expect(((await reader.getObject(image)) as PdfStream).dict.getName('Subtype')).toBe('Image');
  });
});
