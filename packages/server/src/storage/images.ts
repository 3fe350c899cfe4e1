import sharp from 'sharp';
import { AppError } from '../errors.js';

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';
export type PreparedImage = { data: Buffer; mime: ImageMime; width: number; height: number };

/** What the bytes say the file is — never the name or the browser's claim. */
export const sniffImage = (b: Buffer): ImageMime | null => {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
};

/**
 * A photo as we keep it: JPEG, PNG or WebP only (sniffed), turned upright by its EXIF
 * orientation, at most `maxSide` px on its long side, re-encoded without any metadata (no GPS,
 * camera or owner in what we store and serve). Decompression bombs are refused by sharp's pixel
 * limit. Errors name `field`.
 */
export const prepareImage = async (input: Buffer, opts: { field: string; maxSide?: number }): Promise<PreparedImage> => {
  const mime = sniffImage(input);
  if (!mime) throw new AppError('unsupported_media_type', [{ path: opts.field, key: 'image_type' }]);
  const maxSide = opts.maxSide ?? 1600;
  try {
    let img = sharp(input, { limitInputPixels: 60_000_000, failOn: 'error' }).rotate().resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
    img = mime === 'image/jpeg' ? img.jpeg({ quality: 82, mozjpeg: true }) : mime === 'image/png' ? img.png({ compressionLevel: 9 }) : img.webp({ quality: 80 });
    const { data, info } = await img.toBuffer({ resolveWithObject: true });
    return { data, mime, width: info.width, height: info.height };
  } catch {
    throw new AppError('validation_failed', [{ path: opts.field, key: 'image_unreadable' }]);
  }
};
