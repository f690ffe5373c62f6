/**
 * What an evidence file is, read from its bytes (the name and the declared type are not trusted): a PDF,
 * a JPEG, a PNG or a WebP image. Anything else (office documents with macros, archives, executables,
 * HTML) is refused, so a judge's browser is never handed something active.
 */
export interface EvidenceType {
  mime: 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp';
  ext: 'pdf' | 'jpg' | 'png' | 'webp';
}

const startsWith = (bytes: Buffer, signature: readonly number[], at = 0): boolean => signature.every((b, i) => bytes[at + i] === b);

export function sniffEvidence(bytes: Buffer): EvidenceType | null {
  if (bytes.length < 12) return null;
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    // A complete PDF ends with %%EOF (possibly followed by a line break or padding).
    return bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1').includes('%%EOF') ? { mime: 'application/pdf', ext: 'pdf' } : null;
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', ext: 'jpg' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', ext: 'png' };
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return { mime: 'image/webp', ext: 'webp' };
  return null;
}
