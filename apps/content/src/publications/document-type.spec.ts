/** sniffDocument against minimal real samples built here: PDF, OOXML and ODF zips, OLE2 compound files, RTF, text, and what must be refused. */
import { randomBytes } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { sniffDocument } from './document-type';

// ---- sample builders --------------------------------------------------------------------------------

/** A one-page PDF with a correct cross-reference table. */
function pdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>',
  ];
  let body = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A zip as Office and LibreOffice write it: entries deflated, except `mimetype` (stored, as ODF asks). */
function zip(files: [name: string, content: string | Buffer, method?: 0 | 8][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content, method = name === 'mimetype' ? 0 : 8] of files) {
    const data = Buffer.from(content);
    const body = method === 8 ? deflateRawSync(data) : data;
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const RELS = `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="MAIN"/></Relationships>`;

/** A minimal OOXML package: content types, package relationships and the main part. */
function ooxml(main: string, contentType: string, extra: [string, string][] = []): Buffer {
  const types = `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${main}" ContentType="${contentType}"/></Types>`;
  return zip([['[Content_Types].xml', types], ['_rels/.rels', RELS.replace('MAIN', main)], [main, `${XML}<document/>`], ...extra]);
}
const docx = (extra: [string, string][] = []): Buffer => ooxml('word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', extra);
const xlsx = (): Buffer => ooxml('xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml');
const pptx = (): Buffer => ooxml('ppt/presentation.xml', 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml');

function odf(mimetype: string, options: { mimetypeFirst?: boolean; mimetypeMethod?: 0 | 8; extra?: [string, string][] } = {}): Buffer {
  const rest: [string, string][] = [
    ['content.xml', `${XML}<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`],
    ['META-INF/manifest.xml', `${XML}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>`],
    ...(options.extra ?? []),
  ];
  const mime: [string, string, 0 | 8] = ['mimetype', mimetype, options.mimetypeMethod ?? 0];
  return zip(options.mimetypeFirst === false ? [...rest, mime] : [mime, ...rest]);
}

const FREE = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;
const FAT_SECTOR = 0xfffffffd;
const DIFAT_SECTOR = 0xfffffffc;

/**
 * An OLE2 compound file (version 3, 512-byte sectors) whose root storage holds `children` (type 1 a
 * storage, 2 a stream, all empty). `padSectors` free sectors before the directory make the file big
 * enough to need more than the header's 109 FAT sectors (a DIFAT chain), as a large .xls does.
 */
function cfb(children: [name: string, type: 1 | 2][], padSectors = 0): Buffer {
  const perSector = 128;
  const directorySectors = Math.ceil((children.length + 1) / 4);
  let fatSectors = 1;
  let difatSectors = 0;
  for (;;) {
    difatSectors = Math.max(0, Math.ceil((fatSectors - 109) / 127));
    const total = fatSectors + difatSectors + padSectors + directorySectors;
    if (fatSectors * perSector >= total) break;
    fatSectors += 1;
  }
  const total = fatSectors + difatSectors + padSectors + directorySectors;
  const file = Buffer.alloc(512 * (total + 1));
  const sector = (n: number): number => 512 * (n + 1);
  // Header.
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file, 0);
  file.writeUInt16LE(0x3e, 0x18);
  file.writeUInt16LE(3, 0x1a);
  file.writeUInt16LE(0xfffe, 0x1c);
  file.writeUInt16LE(9, 0x1e);
  file.writeUInt16LE(6, 0x20);
  file.writeUInt32LE(fatSectors, 0x2c);
  const firstDirectory = fatSectors + difatSectors + padSectors;
  file.writeUInt32LE(firstDirectory, 0x30);
  file.writeUInt32LE(4096, 0x38);
  file.writeUInt32LE(END_OF_CHAIN, 0x3c);
  file.writeUInt32LE(difatSectors > 0 ? fatSectors : END_OF_CHAIN, 0x44);
  file.writeUInt32LE(difatSectors, 0x48);
  for (let i = 0; i < 109; i += 1) file.writeUInt32LE(i < fatSectors ? i : FREE, 0x4c + i * 4);
  // DIFAT: the FAT sectors past the first 109, 127 to a sector, the last slot chaining to the next.
  for (let d = 0; d < difatSectors; d += 1) {
    for (let i = 0; i < 127; i += 1) {
      const fat = 109 + d * 127 + i;
      file.writeUInt32LE(fat < fatSectors ? fat : FREE, sector(fatSectors + d) + i * 4);
    }
    file.writeUInt32LE(d + 1 < difatSectors ? fatSectors + d + 1 : END_OF_CHAIN, sector(fatSectors + d) + 127 * 4);
  }
  // FAT.
  const setFat = (n: number, value: number): void => {
    file.writeUInt32LE(value, sector(Math.floor(n / perSector)) + (n % perSector) * 4);
  };
  for (let n = 0; n < fatSectors * perSector; n += 1) setFat(n, FREE);
  for (let n = 0; n < fatSectors; n += 1) setFat(n, FAT_SECTOR);
  for (let n = 0; n < difatSectors; n += 1) setFat(fatSectors + n, DIFAT_SECTOR);
  for (let n = 0; n < directorySectors; n += 1) setFat(firstDirectory + n, n + 1 < directorySectors ? firstDirectory + n + 1 : END_OF_CHAIN);
  // Directory: the root, then the children chained through their right siblings.
  const entries: [string, number][] = [['Root Entry', 5], ...children];
  entries.forEach(([name, type], i) => {
    const at = sector(firstDirectory + Math.floor(i / 4)) + (i % 4) * 128;
    file.write(name, at, 'utf16le');
    file.writeUInt16LE((name.length + 1) * 2, at + 0x40);
    file.writeUInt8(type, at + 0x42);
    file.writeUInt8(1, at + 0x43);
    file.writeUInt32LE(FREE, at + 0x44);
    file.writeUInt32LE(i > 0 && i + 1 < entries.length ? i + 1 : FREE, at + 0x48);
    file.writeUInt32LE(i === 0 && children.length > 0 ? 1 : FREE, at + 0x4c);
    file.writeUInt32LE(END_OF_CHAIN, at + 0x74);
  });
  return file;
}

const SUMMARY: [string, 2] = ['\u0005SummaryInformation', 2];
const doc = (): Buffer => cfb([['WordDocument', 2], ['1Table', 2], SUMMARY]);
const xls = (): Buffer => cfb([['Workbook', 2], SUMMARY]);
const ppt = (): Buffer => cfb([['PowerPoint Document', 2], ['Current User', 2], SUMMARY]);

/** The start of a Windows executable: DOS header, stub, PE signature. */
function exe(): Buffer {
  const file = Buffer.alloc(1024);
  file.write('MZ', 0, 'latin1');
  file.writeUInt32LE(0x80, 0x3c);
  file.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  file.write('PE\0\0', 0x80, 'latin1');
  file.writeUInt16LE(0x8664, 0x84);
  return file;
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), randomBytes(200)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), randomBytes(200)]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200)]);

// ---- the cases --------------------------------------------------------------------------------------

describe('sniffDocument', () => {
  const accepted: [string, () => Buffer, string, string, string][] = [
    ['a PDF', pdf, 'application/pdf', 'pdf', 'pdf'],
    ['a PDF whose %%EOF is followed by a few bytes', () => Buffer.concat([pdf(), Buffer.from('\r\n\0\0')]), 'application/pdf', 'pdf', 'pdf'],
    ['a DOCX', () => docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx', 'word'],
    ['an XLSX', xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx', 'spreadsheet'],
    ['a PPTX', pptx, 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx', 'presentation'],
    ['a DOC', doc, 'application/msword', 'doc', 'word'],
    ['an XLS', xls, 'application/vnd.ms-excel', 'xls', 'spreadsheet'],
    ['an Excel 95 XLS (Book)', () => cfb([['Book', 2]]), 'application/vnd.ms-excel', 'xls', 'spreadsheet'],
    ['a PPT', ppt, 'application/vnd.ms-powerpoint', 'ppt', 'presentation'],
    ['a DOC with many directory entries (two directory sectors)', () => cfb([['WordDocument', 2], ['1Table', 2], ['Data', 2], ['ObjectPool', 1], SUMMARY, ['\u0005DocumentSummaryInformation', 2]]), 'application/msword', 'doc', 'word'],
    ['a 7 MB XLS that needs a DIFAT chain', () => cfb([['Workbook', 2], SUMMARY, ['\u0005DocumentSummaryInformation', 2], ['CompObj', 2], ['Ole', 2]], 14_200), 'application/vnd.ms-excel', 'xls', 'spreadsheet'],
    ['an ODT', () => odf('application/vnd.oasis.opendocument.text'), 'application/vnd.oasis.opendocument.text', 'odt', 'opendocument'],
    ['an ODS', () => odf('application/vnd.oasis.opendocument.spreadsheet'), 'application/vnd.oasis.opendocument.spreadsheet', 'ods', 'opendocument'],
    ['an ODP', () => odf('application/vnd.oasis.opendocument.presentation'), 'application/vnd.oasis.opendocument.presentation', 'odp', 'opendocument'],
    ['an RTF', () => Buffer.from('{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\\f0 Hello {\\b world}.\\par }'), 'application/rtf', 'rtf', 'word'],
    ['UTF-8 text (with a BOM, Cyrillic and Mongolian)', () => Buffer.from('\ufeffЭмэгтэйчүүдийн эрх мэдлийг дэмжих\nWomen\'s empowerment — a report.\n\tIndented line.\r\n'), 'text/plain', 'txt', 'text'],
    ['a CSV', () => Buffer.from('country,year,awards\nMongolia,2024,3\nGeorgia,2024,2\n'), 'text/csv', 'csv', 'text'],
    ['a semicolon CSV with quoted delimiters', () => Buffer.from('name;city\n"Aliyeva; Nigar";Baku\n"Li; Wei";Urumqi\n'), 'text/csv', 'csv', 'text'],
  ];

  it.each(accepted)('accepts %s', async (_, sample, mime, ext, kind) => {
    expect(await sniffDocument(sample())).toEqual({ mime, ext, kind });
  });

  const refused: [string, () => Buffer][] = [
    ['an empty file', () => Buffer.alloc(0)],
    ['a truncated PDF (no %%EOF near the end)', () => pdf().subarray(0, 200)],
    ['a PDF whose %%EOF is far from the end', () => Buffer.concat([pdf(), Buffer.alloc(2048, 0x20)])],
    ['a PDF header after other bytes', () => Buffer.concat([Buffer.from('<html><body>'), pdf()])],
    ['a PDF header with no version', () => Buffer.from('%PDF-\n%%EOF\n')],
    ['a Windows executable', exe],
    ['an executable with a DOCX appended (self-extracting archive)', () => Buffer.concat([exe(), docx()])],
    ['an ELF executable', () => ELF],
    ['a plain zip', () => zip([['notes.txt', 'hello'], ['photo.jpg', JPEG]])],
    ['a Java archive', () => zip([['META-INF/MANIFEST.MF', 'Manifest-Version: 1.0\n'], ['Main.class', randomBytes(100)]])],
    ['an EPUB', () => odf('application/epub+zip')],
    ['a zip with word/ but no [Content_Types].xml', () => zip([['_rels/.rels', RELS], ['word/document.xml', '<document/>']])],
    ['an OOXML package with no main part', () => zip([['[Content_Types].xml', '<Types/>'], ['_rels/.rels', RELS]])],
    ['an OOXML package with both a document and a workbook', () => ooxml('word/document.xml', 'x', [['xl/workbook.xml', '<workbook/>']])],
    ['a macro-enabled DOCM (named .docx or not)', () => docx([['word/vbaProject.bin', 'VBA']])],
    ['a truncated DOCX', () => docx().subarray(0, 300)],
    ['a DOCX with bytes appended', () => Buffer.concat([docx(), Buffer.from('MZ appended payload')])],
    ['an ODT whose mimetype is not the first entry', () => odf('application/vnd.oasis.opendocument.text', { mimetypeFirst: false })],
    ['an ODT whose mimetype is compressed', () => odf('application/vnd.oasis.opendocument.text', { mimetypeMethod: 8 })],
    ['an ODT with Basic macros', () => odf('application/vnd.oasis.opendocument.text', { extra: [['Basic/Standard/Module1.xml', '<module/>']] })],
    ['a Windows installer (MSI, also OLE2)', () => cfb([['\u4840\u3f3f\u4577\u446c\u3b6a\u45e4\u4824', 2], SUMMARY])],
    ['an Outlook message (OLE2)', () => cfb([['__substg1.0_0037001F', 2], ['__properties_version1.0', 2]])],
    ['a password-protected DOCX (OLE2 EncryptedPackage)', () => cfb([['EncryptionInfo', 2], ['EncryptedPackage', 2]])],
    ['a DOC with macros', () => cfb([['WordDocument', 2], ['1Table', 2], ['Macros', 1]])],
    ['an XLS with macros', () => cfb([['Workbook', 2], ['_VBA_PROJECT_CUR', 1]])],
    ['an OLE2 file that is only a header', () => doc().subarray(0, 512)],
    ['an OLE2 file whose directory points outside it', () => {
      const file = doc();
      file.writeUInt32LE(9999, 0x30);
      return file;
    }],
    ['an OLE2 file whose directory tree loops', () => {
      const file = doc();
      file.writeUInt32LE(1, 512 * 2 + 128 + 0x44);
      return file;
    }],
    ['an RTF with an embedded OLE object', () => Buffer.from('{\\rtf1{\\object\\objemb{\\*\\objclass Equation.3}{\\*\\objdata 0105000002000000}}}')],
    ['an HTML page', () => Buffer.from('<!DOCTYPE html>\n<html><head><title>Report</title></head><body>Hi</body></html>')],
    ['an HTML page after whitespace and a BOM', () => Buffer.from('\ufeff \n\t<html><script>alert(1)</script></html>')],
    ['text carrying a script tag near its start', () => Buffer.from('Quarterly figures\n<script src="https://evil.example/x.js"></script>\n')],
    ['an SVG image', () => Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ['a PNG image', () => PNG],
    ['a JPEG image', () => JPEG],
    ['a GIF image', () => Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04', 'latin1')],
    ['random bytes', () => randomBytes(4096)],
    ['text with a NUL byte', () => Buffer.from('hello\0world\n')],
    ['text that is not UTF-8 (Latin-1)', () => Buffer.from('caf\xe9 cr\xe8me\n', 'latin1')],
    ['UTF-16 text', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hello world\n', 'utf16le')])],
    ['text with terminal escape sequences', () => Buffer.from('ok\x1b[2J\x1b[31mred\n')],
    ['a shell script', () => Buffer.from('#!/bin/sh\nrm -rf ~\n')],
    ['only whitespace', () => Buffer.from(' \n\t\r\n')],
  ];

  it.each(refused)('refuses %s', async (_, sample) => {
    expect(await sniffDocument(sample())).toBeNull();
  });

  it('judges the bytes alone: a DOCX is a DOCX whatever it was called, an executable is refused whatever it was called', async () => {
    // There is no name or declared type to pass: the signature takes the bytes only.
    expect(sniffDocument.length).toBe(1);
    expect((await sniffDocument(docx()))?.ext).toBe('docx');
    expect(await sniffDocument(exe())).toBeNull();
  });
});
