import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

export interface FontPair {
  regular: Buffer;
  bold: Buffer;
  name: string;
}

const CANDIDATES = [
  // Times-compatible, the face Decree 30 documents use; bundled by libs/pdf.
  {
    name: 'Liberation Serif',
    regular: 'libs/pdf/assets/fonts/LiberationSerif-Regular.ttf',
    bold: 'libs/pdf/assets/fonts/LiberationSerif-Bold.ttf',
  },
  // Bundled with this library (Bitstream Vera licence, see DejaVu-LICENSE.txt): complete Vietnamese coverage.
  {
    name: 'DejaVu Sans',
    regular: 'libs/documents/assets/fonts/DejaVuSans.ttf',
    bold: 'libs/documents/assets/fonts/DejaVuSans-Bold.ttf',
  },
];

/** The repository root, found from this file whether it runs from sources or from dist/. */
function repositoryRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'libs', 'documents', 'assets'))) return dir;
    dir = dirname(dir);
  }
  return resolve(__dirname, '../../../../..');
}

let loaded: Promise<FontPair> | undefined;

/** A Unicode TrueType pair (regular + bold) for Vietnamese text in PDF exports; the first complete candidate wins. */
export function registerFonts(): Promise<FontPair> {
  loaded ??= (async () => {
    const root = repositoryRoot();
    for (const c of CANDIDATES) {
      const regular = join(root, c.regular);
      const bold = join(root, c.bold);
      if (existsSync(regular) && existsSync(bold))
        return { name: c.name, regular: await readFile(regular), bold: await readFile(bold) };
    }
    throw new Error(
      `no Unicode font found under ${root}/libs/*/assets/fonts: reinstall kyso (the fonts ship with it)`,
    );
  })().catch((err) => {
    loaded = undefined;
    throw err;
  });
  return loaded;
}
