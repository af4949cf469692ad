import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { PdfError, PdfErrorCode } from '../errors/pdf-error';

/** Liberation Serif 2.1.5 (SIL OFL 1.1): metric-compatible with Times New Roman, covers Vietnamese. */
export const BUNDLED_FONT_FILE = 'LiberationSerif-Regular.ttf';

// From libs/pdf/src/appearance (sources) or dist/libs/pdf/src/appearance (build output, assets not copied).
const CANDIDATE_DIRS = [
  resolve(__dirname, '../../assets/fonts'),
  resolve(__dirname, '../../../../../libs/pdf/assets/fonts'),
];

let cached: Promise<Buffer> | undefined;

/** The bundled TrueType font used when an appearance is built without an explicit font. */
export function loadBundledFont(): Promise<Buffer> {
  cached ??= (async () => {
    for (const dir of CANDIDATE_DIRS) {
      try {
        return await fs.readFile(join(dir, BUNDLED_FONT_FILE));
      } catch {
        // try the next location
      }
    }
    cached = undefined;
    throw new PdfError(PdfErrorCode.FONT_INVALID, {
      detail: `${BUNDLED_FONT_FILE} not found in ${CANDIDATE_DIRS.join(' or ')}`,
    });
  })();
  return cached;
}
