/**
 * What a file shared in a group is, read from its bytes alone (never its name or declared type):
 * a complete PDF, a PNG, JPEG, GIF or WebP image, or UTF-8 text (CSV included). Anything else,
 * office documents among them (they can carry macros), is refused. A small allow-list rather than a
 * sniffing library: content's fuller document sniffer lives in another app and cannot be imported.
 */
import { TextDecoder } from 'node:util';

export interface GroupFileType {
  mime: string;
  ext: string;
}

const starts = (bytes: Buffer, magic: readonly number[], at = 0): boolean => magic.every((b, i) => bytes[at + i] === b);
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function sniffGroupFile(bytes: Buffer): GroupFileType | null {
  if (bytes.length === 0) return null;
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    // A truncated PDF (no end-of-file marker near its end) is not a document.
    return bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1').includes('%%EOF') ? { mime: 'application/pdf', ext: 'pdf' } : null;
  }
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mime: 'image/png', ext: 'png' };
  if (starts(bytes, [0xff, 0xd8, 0xff])) return { mime: 'image/jpeg', ext: 'jpg' };
  if (bytes.subarray(0, 6).toString('latin1') === 'GIF87a' || bytes.subarray(0, 6).toString('latin1') === 'GIF89a') return { mime: 'image/gif', ext: 'gif' };
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return { mime: 'image/webp', ext: 'webp' };
  // Text: valid UTF-8 without NUL or other control characters than tab, line breaks and form feed.
  if (bytes.includes(0)) return null;
  try {
    const text = utf8.decode(bytes);
    if (/[\u0001-\u0008\u000e-\u001f\u007f]/.test(text)) return null;
    return { mime: 'text/plain', ext: 'txt' };
  } catch {
    return null;
  }
}
