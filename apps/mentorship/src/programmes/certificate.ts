/**
 * The completion certificate of a programme cohort, as a one-page PDF (pdfkit). It carries her public
 * name — never her legal name, which stays in identity: a certificate is a file that gets shared —,
 * the programme, what she completed, the certificate's number and its date of issue.
 */
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * Helvetica, PDF's built-in font, has no Cyrillic, Georgian or Kazakh letters; DejaVu Sans (the
 * `dejavu-fonts-ttf` package, embedded as a subset) covers every script of the CAREC countries'
 * names except Chinese. Han names use the CJK font operators configure (`CERTIFICATE_CJK_FONT`,
 * e.g. Debian's fonts-noto-cjk), when there is one.
 */
const FONTS = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = join(FONTS, 'DejaVuSans.ttf');
const BOLD = join(FONTS, 'DejaVuSans-Bold.ttf');
const HAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export interface CertificateFonts {
  /** A TrueType/OpenType file (or a collection, with `cjkFamily`) with Han glyphs. */
  cjkFont?: string;
  cjkFamily?: string;
}

export interface CertificateFacts {
  certificateId: string;
  name: string;
  programme: string;
  sessionsAttended: number;
  issuedAt: Date;
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

export function renderCertificate(facts: CertificateFacts, fonts: CertificateFonts = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 60,
    // Fixed metadata dates: the same certificate renders to the same bytes.
    info: { Title: `Certificate of completion: ${facts.programme}`, Author: 'WEOP', Subject: facts.name, CreationDate: facts.issuedAt, ModDate: facts.issuedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const needsCjk = HAN.test(facts.name) || HAN.test(facts.programme);
  if (needsCjk && fonts.cjkFont) doc.registerFont('cjk', fonts.cjkFont, fonts.cjkFamily);
  const nameFont = needsCjk && fonts.cjkFont ? 'cjk' : 'bold';
  const bodyFont = needsCjk && fonts.cjkFont ? 'cjk' : 'regular';
  const width = doc.page.width - 120;
  doc.rect(30, 30, doc.page.width - 60, doc.page.height - 60).lineWidth(2).stroke('#1f4e79');
  doc.moveDown(2).font('regular').fontSize(14).fillColor('#1f4e79')
    .text('CAREC Women\'s Empowerment Online Platform', 60, undefined, { width, align: 'center' });
  doc.moveDown(1.5).font('bold').fontSize(32).fillColor('#000000').text('Certificate of Completion', { width, align: 'center' });
  doc.moveDown(1.2).font('regular').fontSize(14).text('This certifies that', { width, align: 'center' });
  doc.moveDown(0.6).font(nameFont).fontSize(26).text(facts.name, { width, align: 'center' });
  doc.moveDown(0.6).font(bodyFont).fontSize(14)
    .text(`completed the mentorship programme "${facts.programme}" as a mentee,`, { width, align: 'center' })
    .text(`with her mentorship concluded and ${facts.sessionsAttended} programme session${facts.sessionsAttended === 1 ? '' : 's'} attended.`, { width, align: 'center' });
  doc.moveDown(3).font('regular').fontSize(11).fillColor('#444444')
    .text(`Issued on ${day(facts.issuedAt)}`, { width, align: 'center' })
    .text(`Certificate number ${facts.certificateId}`, { width, align: 'center' });
  doc.end();
  return done;
}
