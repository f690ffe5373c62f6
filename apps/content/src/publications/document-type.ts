/** Decides what a publication upload is from its bytes alone (never its name or declared type), refusing anything that is not a document. */
import { TextDecoder } from 'node:util';

/*
 * A focused magic-byte sniffer rather than `file-type`: file-type 21 is ESM-only (awkward under this
 * repo's CommonJS build, `moduleResolution: node` and Jest), and for this allow-list it would answer
 * only part of the question anyway: it calls every OLE2 file `cfb` (a .doc, an .xls and an .msi
 * installer alike), does not notice a truncated PDF and knows nothing of text. What is needed here
 * (PDF header and trailer, ZIP central directory names, the ODF `mimetype` entry, the OLE2 directory)
 * is a few hundred lines with no dependency.
 */

export type DocumentKind = 'pdf' | 'word' | 'spreadsheet' | 'presentation' | 'opendocument' | 'text';

export interface DocumentType {
  mime: string;
  ext: string;
  kind: DocumentKind;
}

const PDF: DocumentType = { mime: 'application/pdf', ext: 'pdf', kind: 'pdf' };
const DOCX: DocumentType = { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx', kind: 'word' };
const XLSX: DocumentType = { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx', kind: 'spreadsheet' };
const PPTX: DocumentType = { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: 'pptx', kind: 'presentation' };
const DOC: DocumentType = { mime: 'application/msword', ext: 'doc', kind: 'word' };
const XLS: DocumentType = { mime: 'application/vnd.ms-excel', ext: 'xls', kind: 'spreadsheet' };
const PPT: DocumentType = { mime: 'application/vnd.ms-powerpoint', ext: 'ppt', kind: 'presentation' };
const RTF: DocumentType = { mime: 'application/rtf', ext: 'rtf', kind: 'word' };
const TEXT: DocumentType = { mime: 'text/plain', ext: 'txt', kind: 'text' };
const CSV: DocumentType = { mime: 'text/csv', ext: 'csv', kind: 'text' };
const ODF: Record<string, DocumentType> = {
  'application/vnd.oasis.opendocument.text': { mime: 'application/vnd.oasis.opendocument.text', ext: 'odt', kind: 'opendocument' },
  'application/vnd.oasis.opendocument.spreadsheet': { mime: 'application/vnd.oasis.opendocument.spreadsheet', ext: 'ods', kind: 'opendocument' },
  'application/vnd.oasis.opendocument.presentation': { mime: 'application/vnd.oasis.opendocument.presentation', ext: 'odp', kind: 'opendocument' },
};

/**
 * The document type of `bytes`, or null when it is not one the platform accepts: PDF (complete, with
 * its `%%EOF`), DOCX/XLSX/PPTX, DOC/XLS/PPT, ODT/ODS/ODP, RTF, or UTF-8 text/CSV. Documents carrying
 * macros (a `vbaProject.bin`, Word `Macros`, Excel `_VBA_PROJECT_CUR`, ODF `Basic/`/`Scripts/`) and RTF
 * with embedded OLE objects are refused too. Async so that a library-based sniffer could replace it.
 */
export async function sniffDocument(bytes: Buffer): Promise<DocumentType | null> {
  try {
    return sniff(bytes);
  } catch (error) {
    // An offset that points outside the file: a malformed or truncated structure, not a document.
    if (error instanceof RangeError) return null;
    throw error;
  }
}

function sniff(bytes: Buffer): DocumentType | null {
  if (bytes.length === 0) return null;
  if (startsWith(bytes, PDF_MAGIC)) return isCompletePdf(bytes) ? PDF : null;
  if (startsWith(bytes, ZIP_LOCAL_MAGIC)) return sniffZip(bytes);
  if (startsWith(bytes, CFB_MAGIC)) return sniffCfb(bytes);
  if (startsWith(bytes, RTF_MAGIC)) return /\\obj(?:data|ocx|emb|link|autlink)/.test(bytes.toString('latin1')) ? null : RTF;
  return sniffText(bytes);
}

function startsWith(bytes: Buffer, magic: Buffer, at = 0): boolean {
  return bytes.length >= at + magic.length && bytes.subarray(at, at + magic.length).equals(magic);
}

// ---- PDF ------------------------------------------------------------------------------------------

const PDF_MAGIC = Buffer.from('%PDF-');
/** Readers look for the trailer in the last 1024 bytes; a download cut short has none. */
const PDF_TRAILER_WINDOW = 1024;

function isCompletePdf(bytes: Buffer): boolean {
  if (!/^%PDF-\d\.\d/.test(bytes.subarray(0, 8).toString('latin1'))) return false;
  return bytes.subarray(Math.max(0, bytes.length - PDF_TRAILER_WINDOW)).includes('%%EOF');
}

// ---- ZIP: OOXML and ODF ---------------------------------------------------------------------------

const ZIP_LOCAL_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_SIZE = 22;
const MAX_ZIP_ENTRIES = 50_000;

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  localOffset: number;
}

function sniffZip(bytes: Buffer): DocumentType | null {
  const entries = centralDirectory(bytes);
  if (!entries) return null;
  // Zip-level encryption is not something Office or LibreOffice writes.
  if (entries.some((e) => (e.flags & 0x1) !== 0)) return null;
  const names = new Set(entries.map((e) => e.name));
  if (names.has('[Content_Types].xml')) return sniffOoxml(names);
  return sniffOdf(bytes, entries, names);
}

function sniffOoxml(names: Set<string>): DocumentType | null {
  if (!names.has('_rels/.rels')) return null;
  // Macro-enabled documents (.docm/.xlsm/.pptm, also when renamed) carry their VBA here.
  if ([...names].some((n) => n.toLowerCase().endsWith('vbaproject.bin'))) return null;
  const found = [
    names.has('word/document.xml') ? DOCX : null,
    names.has('xl/workbook.xml') ? XLSX : null,
    names.has('ppt/presentation.xml') ? PPTX : null,
  ].filter((t): t is DocumentType => t !== null);
  return found.length === 1 ? found[0] : null;
}

/** ODF: the first entry is `mimetype`, stored uncompressed, naming the document type. */
function sniffOdf(bytes: Buffer, entries: ZipEntry[], names: Set<string>): DocumentType | null {
  const first = entries.find((e) => e.localOffset === 0);
  if (!first || first.name !== 'mimetype' || first.method !== 0) return null;
  if (!names.has('content.xml') || !names.has('META-INF/manifest.xml')) return null;
  if ([...names].some((n) => n.startsWith('Basic/') || n.startsWith('Scripts/'))) return null;
  if (bytes.length < 30) return null;
  const dataStart = 30 + bytes.readUInt16LE(26) + bytes.readUInt16LE(28);
  if (dataStart + first.compressedSize > bytes.length || first.compressedSize > 100) return null;
  const mimetype = bytes.subarray(dataStart, dataStart + first.compressedSize).toString('latin1');
  return ODF[mimetype] ?? null;
}

/** The entries of the central directory, or null when the bytes are not one complete, single-part zip. */
function centralDirectory(bytes: Buffer): ZipEntry[] | null {
  const eocd = findEocd(bytes);
  if (eocd < 0) return null;
  // Multi-part archives are not documents.
  if (bytes.readUInt16LE(eocd + 4) !== 0 || bytes.readUInt16LE(eocd + 6) !== 0) return null;
  let count = bytes.readUInt16LE(eocd + 10);
  let size = bytes.readUInt32LE(eocd + 12);
  let offset = bytes.readUInt32LE(eocd + 16);
  let directoryEnd = eocd;
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const zip64 = zip64Directory(bytes, eocd);
    if (!zip64) return null;
    ({ count, size, offset } = zip64);
    directoryEnd = zip64.recordOffset;
  }
  if (count === 0 || count > MAX_ZIP_ENTRIES || offset + size > directoryEnd) return null;
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > offset + size || bytes.readUInt32LE(at) !== CENTRAL_SIGNATURE) return null;
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > offset + size) return null;
    const localOffset = bytes.readUInt32LE(at + 42);
    if (localOffset + 4 > offset || bytes.readUInt32LE(localOffset) !== ZIP_LOCAL_MAGIC.readUInt32LE(0)) return null;
    entries.push({
      name: bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8'),
      method: bytes.readUInt16LE(at + 10),
      flags: bytes.readUInt16LE(at + 8),
      compressedSize: bytes.readUInt32LE(at + 20),
      localOffset,
    });
    at = next;
  }
  return entries;
}

/** The end-of-central-directory record, which must end the file (no data appended after the zip). */
function findEocd(bytes: Buffer): number {
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - 0xffff);
  for (let at = bytes.length - EOCD_SIZE; at >= lowest; at -= 1) {
    if (bytes.readUInt32LE(at) === EOCD_SIGNATURE && at + EOCD_SIZE + bytes.readUInt16LE(at + 20) === bytes.length) return at;
  }
  return -1;
}

function zip64Directory(bytes: Buffer, eocd: number): { count: number; size: number; offset: number; recordOffset: number } | null {
  const locator = eocd - 20;
  if (locator < 0 || bytes.readUInt32LE(locator) !== ZIP64_LOCATOR_SIGNATURE) return null;
  const recordOffset = Number(bytes.readBigUInt64LE(locator + 8));
  if (recordOffset + 56 > locator || bytes.readUInt32LE(recordOffset) !== ZIP64_EOCD_SIGNATURE) return null;
  return {
    count: Number(bytes.readBigUInt64LE(recordOffset + 32)),
    size: Number(bytes.readBigUInt64LE(recordOffset + 40)),
    offset: Number(bytes.readBigUInt64LE(recordOffset + 48)),
    recordOffset,
  };
}

// ---- OLE2 / Compound File Binary: DOC, XLS, PPT ---------------------------------------------------

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const END_OF_CHAIN = 0xfffffffe;
const NO_STREAM = 0xffffffff;
const HEADER_DIFAT_ENTRIES = 109;
const DIRECTORY_ENTRY_SIZE = 128;

/**
 * The type from the names at the top of the compound file's directory: `WordDocument`, `Workbook`
 * (`Book` for Excel 5/95) or `PowerPoint Document`. Installers (.msi), Outlook messages, encrypted
 * OOXML (`EncryptedPackage`) and other compound files have none of these and are refused.
 */
function sniffCfb(bytes: Buffer): DocumentType | null {
  const names = cfbTopLevelNames(bytes);
  if (!names) return null;
  if (names.has('macros') || names.has('_vba_project_cur')) return null;
  const found = [
    names.has('worddocument') ? DOC : null,
    names.has('workbook') || names.has('book') ? XLS : null,
    names.has('powerpoint document') ? PPT : null,
  ].filter((t): t is DocumentType => t !== null);
  return found.length === 1 ? found[0] : null;
}

/** Lower-cased names of the root storage's children, or null when the structure does not hold together. */
function cfbTopLevelNames(bytes: Buffer): Set<string> | null {
  if (bytes.length < 512) return null;
  const major = bytes.readUInt16LE(0x1a);
  const shift = bytes.readUInt16LE(0x1e);
  if (bytes.readUInt16LE(0x1c) !== 0xfffe || !((major === 3 && shift === 9) || (major === 4 && shift === 12))) return null;
  const sectorSize = 1 << shift;
  const sectorCount = Math.floor((bytes.length - sectorSize) / sectorSize);
  if (sectorCount <= 0) return null;
  const sectorOffset = (sector: number): number | null => (sector < sectorCount ? (sector + 1) * sectorSize : null);
  const perSector = sectorSize / 4;

  // The FAT's own sectors: 109 listed in the header, the rest in a chain of DIFAT sectors.
  const fatSectorCount = bytes.readUInt32LE(0x2c);
  if (fatSectorCount === 0 || fatSectorCount > sectorCount) return null;
  const fatSectors: number[] = [];
  for (let i = 0; i < Math.min(HEADER_DIFAT_ENTRIES, fatSectorCount); i += 1) fatSectors.push(bytes.readUInt32LE(0x4c + i * 4));
  let difat = bytes.readUInt32LE(0x44);
  for (let hops = 0; fatSectors.length < fatSectorCount; hops += 1) {
    const at = sectorOffset(difat);
    if (at === null || hops > sectorCount) return null;
    for (let i = 0; i < perSector - 1 && fatSectors.length < fatSectorCount; i += 1) fatSectors.push(bytes.readUInt32LE(at + i * 4));
    difat = bytes.readUInt32LE(at + (perSector - 1) * 4);
  }
  const nextSector = (sector: number): number | null => {
    const at = sectorOffset(fatSectors[Math.floor(sector / perSector)] ?? NO_STREAM);
    return at === null ? null : bytes.readUInt32LE(at + (sector % perSector) * 4);
  };

  // The directory: a chain of sectors of 128-byte entries.
  const entries: { name: string; type: number; left: number; right: number; child: number }[] = [];
  let sector = bytes.readUInt32LE(0x30);
  for (let hops = 0; sector !== END_OF_CHAIN; hops += 1) {
    const at = sectorOffset(sector);
    if (at === null || hops > sectorCount) return null;
    for (let entry = at; entry < at + sectorSize; entry += DIRECTORY_ENTRY_SIZE) {
      const nameLength = Math.min(bytes.readUInt16LE(entry + 0x40), 64);
      entries.push({
        name: bytes.subarray(entry, entry + Math.max(0, nameLength - 2)).toString('utf16le').toLowerCase(),
        type: bytes.readUInt8(entry + 0x42),
        left: bytes.readUInt32LE(entry + 0x44),
        right: bytes.readUInt32LE(entry + 0x48),
        child: bytes.readUInt32LE(entry + 0x4c),
      });
    }
    const next = nextSector(sector);
    if (next === null) return null;
    sector = next;
  }
  const root = entries[0];
  if (!root || root.type !== 5) return null;

  // The root's children form a tree through left and right siblings.
  const names = new Set<string>();
  const seen = new Set<number>();
  const pending = [root.child];
  while (pending.length > 0) {
    const id = pending.pop() as number;
    if (id === NO_STREAM) continue;
    const entry = entries[id];
    if (!entry || seen.has(id)) return null;
    seen.add(id);
    if (entry.type === 1 || entry.type === 2) names.add(entry.name);
    pending.push(entry.left, entry.right);
  }
  return names;
}

// ---- RTF and text ---------------------------------------------------------------------------------

const RTF_MAGIC = Buffer.from('{\\rtf');
/** Controls other than tab, line feed, vertical tab, form feed and carriage return; DEL; C1 controls. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/;
/** Markup a browser could take for a page: text must not start with a tag or carry one of these near its start. */
const MARKUP = /<\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed|meta)\b/i;
const CSV_SAMPLE = 64 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function sniffText(bytes: Buffer): DocumentType | null {
  if (bytes.includes(0)) return null;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  const start = text.trimStart();
  if (start === '' || start.startsWith('<') || start.startsWith('#!')) return null;
  if (CONTROL_CHARACTERS.test(text) || MARKUP.test(text.slice(0, 4096))) return null;
  return looksLikeCsv(text) ? CSV : TEXT;
}

/** At least two lines, each with the same (non-zero) number of commas or of semicolons outside quotes. */
function looksLikeCsv(text: string): boolean {
  // A long text is judged by its first 64 KiB of whole lines.
  const sample = text.length > CSV_SAMPLE ? text.slice(0, Math.max(0, text.lastIndexOf('\n', CSV_SAMPLE))) : text;
  const lines = sample.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 50);
  if (lines.length < 2) return false;
  return [',', ';'].some((delimiter) => {
    const counts = lines.map((line) => line.replace(/"[^"]*"/g, '').split(delimiter).length - 1);
    return counts[0] > 0 && counts.every((c) => c === counts[0]);
  });
}
