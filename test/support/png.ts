import { crc32, deflateSync } from 'node:zlib';

// A minimal PNG encoder (8-bit RGBA, filter 0) so tests own their images: the one used by every spec.

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGBA PNG painted by `pixel`; `dpi` adds a pHYs chunk stating the physical resolution. */
export function makePng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number, number],
  dpi?: number,
): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * (1 + width * 4) + 1 + x * 4);
  }
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (dpi) {
    const phys = Buffer.alloc(9);
    const ppm = Math.round(dpi / 0.0254);
    phys.writeUInt32BE(ppm, 0);
    phys.writeUInt32BE(ppm, 4);
    phys[8] = 1;
    parts.push(chunk('pHYs', phys));
  }
  parts.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** A red disc on a transparent background: a stand-in for an organisation seal. */
export function sealPng(size: number, dpi?: number): Buffer {
  const r = size / 2;
  return makePng(
    size,
    size,
    (x, y) => ((x - r) ** 2 + (y - r) ** 2 <= r * r ? [220, 0, 0, 255] : [0, 0, 0, 0]),
    dpi,
  );
}

/** A blue diagonal stroke on a transparent background: a stand-in for a handwritten signature. */
export function signaturePng(width: number, height: number): Buffer {
  return makePng(width, height, (x, y) =>
    Math.abs(y - (x * height) / width) < 3 ? [0, 40, 200, 255] : [255, 255, 255, 0],
  );
}

/** A transparent RGBA PNG with a coloured ring: a stand-in for a signature or seal image. */
export function ringPng(size: number, rgb: [number, number, number]): Buffer {
  const r0 = size / 2;
  return makePng(size, size, (x, y) => {
    const d = Math.hypot(x - r0, y - r0);
    return [...rgb, d < r0 - 1 && d > r0 * 0.7 ? 255 : 0];
  });
}
