/**
 * What an attachment is, read from its bytes (the name and the declared type are not trusted): a PDF,
 * or a JPEG, PNG or WebP photo. Photos are re-encoded without their metadata, so a picture she shares
 * does not carry where and when it was taken (EXIF GPS) or the device; anything else is refused.
 */
import sharp from 'sharp';
import { DomainError, ErrorCode } from '@weop/contracts';

export interface CleanAttachment {
  bytes: Buffer;
  contentType: 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp';
  ext: 'pdf' | 'jpg' | 'png' | 'webp';
}

const IMAGE_TYPES = {
  jpeg: { contentType: 'image/jpeg', ext: 'jpg' },
  png: { contentType: 'image/png', ext: 'png' },
  webp: { contentType: 'image/webp', ext: 'webp' },
} as const;

const refused = (): DomainError =>
  new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'This file type cannot be shared in messages: send a PDF, or a JPEG, PNG or WebP photo.');

export async function cleanAttachment(bytes: Buffer): Promise<CleanAttachment> {
  if (bytes.length < 12) throw refused();
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    // A complete PDF ends with %%EOF (possibly followed by a line break or padding).
    if (!bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1').includes('%%EOF')) throw refused();
    return { bytes, contentType: 'application/pdf', ext: 'pdf' };
  }
  let format: string | undefined;
  try {
    format = (await sharp(bytes, { failOn: 'error' }).metadata()).format;
  } catch {
    throw refused();
  }
  if (format !== 'jpeg' && format !== 'png' && format !== 'webp') throw refused();
  const type = IMAGE_TYPES[format];
  try {
    // sharp writes no metadata unless asked; rotate() first so the photo still stands the right way up.
    const clean = await sharp(bytes, { failOn: 'truncated', limitInputPixels: 40_000_000 }).rotate().toFormat(format).toBuffer();
    return { bytes: clean, ...type };
  } catch {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', [{ field: 'file', problem: 'is truncated or damaged' }]);
  }
}
