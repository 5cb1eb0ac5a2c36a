import zlib from 'node:zlib';
import QRCode from 'qrcode';

/**
 * A QR code as a black-and-white PNG for emails, written directly: 1 bit per pixel, compressed by
 * Node's native zlib. The `qrcode` package's PNG output goes through pngjs (RGBA pixels, filters in
 * JavaScript) and costs about 9 ms per code on this project's machines, about 20 times this; the
 * worker writes one per confirmation, promotion and reminder email — tens of thousands for a big event.
 */
export function qrCodePng(text: string, options: { width: number; margin: number }): Buffer {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const modules = qr.modules.size;
  const side = modules + 2 * options.margin;
  const scale = Math.max(1, Math.floor(options.width / side));
  const pixels = side * scale;
  const rowBytes = Math.ceil(pixels / 8);
  // Each row: filter type 0 (none), then the pixels packed 8 per byte, most significant bit first; 1 is white.
  const raw = Buffer.alloc((rowBytes + 1) * pixels, 0xff);
  for (let y = 0; y < pixels; y++) {
    const row = y * (rowBytes + 1);
    raw[row] = 0;
    const moduleY = Math.floor(y / scale) - options.margin;
    if (moduleY < 0 || moduleY >= modules) continue;
    for (let moduleX = 0; moduleX < modules; moduleX++) {
      if (!qr.modules.data[moduleY * modules + moduleX]) continue;
      const start = (moduleX + options.margin) * scale;
      for (let x = start; x < start + scale; x++) {
        const index = row + 1 + (x >> 3);
        raw[index] = raw[index]! & ~(0x80 >> (x & 7));
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(pixels, 0);
  header.writeUInt32BE(pixels, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // grayscale
  // compression, filter and interlace methods: 0 (the only ones PNG defines; no interlace)
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData), 0);
  return Buffer.concat([length, typeAndData, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
