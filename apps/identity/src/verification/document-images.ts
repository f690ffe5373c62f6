/**
 * ID document and selfie images: the type is read from the bytes (JPEG, PNG or WebP; anything else,
 * whatever its name, is refused), the image is decoded in full (a truncated or damaged file is
 * refused), turned upright and re-encoded as JPEG, which drops its metadata (a phone photo's GPS
 * position and device). Bounded so that a verifier's view fits one NATS message.
 */
import sharp from 'sharp';
import { DomainError, ErrorCode, validationFailed } from '@weop/contracts';

const ACCEPTED = new Set(['jpeg', 'png', 'webp']);
export const MIN_SIDE = 300;
/** A view goes to the gateway base64-encoded inside one NATS message (1 MB). */
const MAX_OUTPUT_BYTES = 700 * 1024;
const ATTEMPTS: readonly { side: number; quality: number }[] = [
  { side: 1600, quality: 85 },
  { side: 1400, quality: 75 },
  { side: 1200, quality: 65 },
];

export async function cleanDocumentImage(field: string, bytes: Buffer): Promise<{ bytes: Buffer; contentType: 'image/jpeg' }> {
  if (bytes.length === 0) throw validationFailed(field, 'is empty');
  let format: string | undefined;
  let width = 0;
  let height = 0;
  try {
    const meta = await sharp(bytes, { failOn: 'error' }).metadata();
    format = meta.format;
    width = meta.autoOrient?.width ?? meta.width ?? 0;
    height = meta.autoOrient?.height ?? meta.height ?? 0;
  } catch {
    format = undefined;
  }
  if (!format || !ACCEPTED.has(format)) {
    throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `${field} must be a JPEG, PNG or WebP photo.`, [{ field, problem: 'is not a JPEG, PNG or WebP image' }]);
  }
  if (Math.min(width, height) < MIN_SIDE) throw validationFailed(field, `is too small to read: at least ${MIN_SIDE} × ${MIN_SIDE} pixels`);
  for (const attempt of ATTEMPTS) {
    let out: Buffer;
    try {
      out = await sharp(bytes, { failOn: 'truncated' })
        .rotate()
        .resize({ width: attempt.side, height: attempt.side, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: attempt.quality, mozjpeg: true })
        .toBuffer();
    } catch {
      throw validationFailed(field, 'is truncated or damaged; take the photo again');
    }
    if (out.length <= MAX_OUTPUT_BYTES) return { bytes: out, contentType: 'image/jpeg' };
  }
  throw validationFailed(field, 'has too much detail to keep; take the photo again in plain light');
}
