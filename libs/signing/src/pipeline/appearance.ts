import {
  type AppearanceStream,
  buildLeaderAppearance,
  buildSealAppearance,
  buildTextStampAppearance,
  formatIsoDateTime,
  getPage,
  listSignatureFields,
  type PdfReader,
  type Rect,
  sealRectOverLeader,
  topRightStampRect,
  VIETNAM_UTC_OFFSET_MINUTES,
} from '@kyso/pdf';

/**
 * How a signature looks on the page, per Decree 30 Appendix I:
 * - leader: title, the blue handwritten-signature image, the name, the signing time;
 * - seal: the organisation's red seal image, over about one third of the leader's signature on its left;
 * - attachment: no image, top right of page 1: number/symbol of the main document and the signing time;
 * - copy: no image, top right of page 1: copy type, copying organisation, signing time;
 * - none: an invisible signature.
 */
export type AppearanceRequest =
  | { kind: 'none' }
  | { kind: 'leader'; signerName: string; title: string; imagePng?: Buffer; pageIndex?: number; rect?: Rect }
  | { kind: 'seal'; imagePng: Buffer; pageIndex?: number; rect?: Rect; diameterMm?: number }
  | { kind: 'attachment'; docNumber: string }
  | { kind: 'copy'; copyType: string; organisation: string };

export interface PlacedAppearance {
  appearance?: AppearanceStream;
  pageIndex: number;
  rect?: Rect;
}

/** Default leader block: 6.5 cm × 3.5 cm, right half of the last page's signature area. */
const LEADER_SIZE = { width: 184, height: 100 };

export async function placeAppearance(
  reader: PdfReader,
  request: AppearanceRequest,
  signingTime: Date,
): Promise<PlacedAppearance> {
  switch (request.kind) {
    case 'none':
      return { pageIndex: 0 };
    case 'leader': {
      const pageIndex = request.pageIndex ?? 0;
      const page = await getPage(reader, pageIndex);
      const rect = request.rect ?? defaultLeaderRect(page.cropBox);
      const appearance = await buildLeaderAppearance({
        signerName: request.signerName,
        title: request.title,
        signingTime,
        signatureImagePng: request.imagePng,
        width: rect[2],
        height: rect[3],
      });
      return { appearance, pageIndex, rect };
    }
    case 'seal': {
      const appearance = await buildSealAppearance({
        sealImagePng: request.imagePng,
        diameterMm: request.diameterMm,
      });
      if (request.rect) return { appearance, pageIndex: request.pageIndex ?? 0, rect: request.rect };
      // On the leader's signature: the last signed visible widget is the one the seal confirms.
      const leader = (await listSignatureFields(reader))
        .filter((f) => f.signed)
        .flatMap((f) => f.widgets)
        .filter((w) => w.rect && w.rect[2] - w.rect[0] > 0)
        .pop();
      if (!leader?.rect) {
        const page = await getPage(reader, request.pageIndex ?? 0);
        return { appearance, pageIndex: page.index, rect: defaultLeaderRect(page.cropBox, appearance) };
      }
      const [x1, y1, x2, y2] = leader.rect;
      const leaderRect: Rect = [Math.min(x1, x2), Math.min(y1, y2), Math.abs(x2 - x1), Math.abs(y2 - y1)];
      const pageIndex = leader.pageRef
        ? await pageIndexOf(reader, leader.pageRef.toString())
        : (request.pageIndex ?? 0);
      const rect = sealRectOverLeader(
        leaderRect,
        { width: leaderRect[2], height: leaderRect[3] },
        appearance,
      );
      return { appearance, pageIndex, rect };
    }
    case 'attachment':
    case 'copy': {
      const time = formatIsoDateTime(signingTime, VIETNAM_UTC_OFFSET_MINUTES);
      const lines =
        request.kind === 'attachment'
          ? [request.docNumber, time]
          : [request.copyType, request.organisation, time];
      const appearance = await buildTextStampAppearance({ lines, fontSize: 10, align: 'left' });
      const page = await getPage(reader, 0);
      return { appearance, pageIndex: 0, rect: topRightStampRect(page.cropBox, appearance) };
    }
  }
}

function defaultLeaderRect(
  box: readonly number[],
  size: { width: number; height: number } = LEADER_SIZE,
): Rect {
  const [, lly, urx] = box;
  const margin = 56; // ~2 cm, inside Decree 30's page margins
  return [urx - margin - size.width, lly + margin + 60, size.width, size.height];
}

async function pageIndexOf(reader: PdfReader, ref: string): Promise<number> {
  for (let i = 0; ; i++) {
    try {
      const page = await getPage(reader, i);
      if (page.ref.toString() === ref) return i;
    } catch {
      return 0;
    }
  }
}
