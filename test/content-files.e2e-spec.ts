/** Publications: a document uploaded through the gateway, its type read from its bytes, downloaded and counted. */
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

let platform: Platform;
let api: Api;
let author: SignedIn;
let reader: SignedIn;

const LIMIT = 256 * 1024;

beforeAll(async () => {
  // Content takes twice as much, so the 413 below is the gateway's own streaming limit at work.
  platform = await startPlatform('content-files', { DOCUMENT_MAX_BYTES: String(LIMIT) }, {}, { content: true, contentEnv: { DOCUMENT_MAX_BYTES: String(2 * LIMIT) } });
  api = client(platform.baseUrl);
  const the = given(api);
  author = await the.member({ displayName: 'Madina' });
  reader = await the.member({ displayName: 'Oydin' });
}, 60_000);

afterAll(async () => {
  await platform?.close();
});

/** A small but complete PDF: header, one page, cross-reference table and %%EOF. */
function pdf(text: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
    `<< /Length ${text.length + 20} >>\nstream\nBT /F1 12 Tf (${text}) Tj ET\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function form(fields: Record<string, string | string[]>, file?: { name: string; type: string; bytes: Buffer }): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) data.append(key, v);
  if (file) data.append('file', new Blob([file.bytes], { type: file.type }), file.name);
  return data;
}

const upload = (path: string, token: string, data: FormData) => fetch(`${platform.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: data });

const fields = {
  title: 'Women in the labour market of Central Asia, 2025',
  authors: ['A. Bekova', 'N. Karimova'],
  abstract: 'A survey of 4,000 working women in five CAREC countries.',
  year: '2025',
  licence: 'CC-BY-4.0',
  rightsAttested: 'true',
  tags: ['labour', 'survey'],
};

describe('publications', () => {
  it('stores a PDF, shows its file, and downloads the same bytes as an attachment, counting downloads', async () => {
    const document = pdf('Labour market survey');
    const created = await upload('/api/v1/publications', author.accessToken, form(fields, { name: 'Обзор рынка труда.pdf', type: 'application/pdf', bytes: document }));
    expect(created.status).toBe(201);
    const { id, status } = (await created.json()) as { id: string; status: string };
    expect(status).toBe('published');

    const read = await api('GET', `/api/v1/publications/${id}`);
    expect(read.body).toMatchObject({
      authors: ['A. Bekova', 'N. Karimova'],
      year: 2025,
      licence: 'CC-BY-4.0',
      abstract: fields.abstract,
      file: { filename: 'Обзор рынка труда.pdf', contentType: 'application/pdf', size: document.length },
      downloadCount: 0,
    });

    const download = await fetch(`${platform.baseUrl}/api/v1/publications/${id}/file`, { headers: { authorization: `Bearer ${reader.accessToken}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]*\.pdf"; filename\*=UTF-8''%D0%9E/);
    expect(Buffer.from(await download.arrayBuffer()).equals(document)).toBe(true);
    expect((await api('GET', `/api/v1/publications/${id}`)).body.downloadCount).toBe(1);
  });

  it('reads the type from the bytes: an executable named .pdf is refused and nothing is kept', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2000, 1)]);
    const refused = await upload('/api/v1/publications', author.accessToken, form({ ...fields, title: 'Not a PDF' }, { name: 'report.pdf', type: 'application/pdf', bytes: exe }));
    expect(refused.status).toBe(415);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const mine = await api('GET', '/api/v1/publications?scope=mine', { token: author.accessToken });
    expect(mine.body.items.map((i: { title: string }) => i.title)).not.toContain('Not a PDF');
  });

  it('refuses a document over the size limit with 413', async () => {
    const big = Buffer.concat([pdf('x').subarray(0, 9), Buffer.alloc(LIMIT + 10, 32), Buffer.from('\n%%EOF\n')]);
    const refused = await upload('/api/v1/publications', author.accessToken, form({ ...fields, title: 'Too big' }, { name: 'big.pdf', type: 'application/pdf', bytes: big }));
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('requires the rights attestation and a file, with clear field errors', async () => {
    const noRights = await upload('/api/v1/publications', author.accessToken, form({ ...fields, rightsAttested: 'false' }, { name: 'a.pdf', type: 'application/pdf', bytes: pdf('a') }));
    expect(noRights.status).toBe(400);
    expect(((await noRights.json()) as { error: { details: { field: string }[] } }).error.details[0].field).toBe('rightsAttested');
    const noFile = await upload('/api/v1/publications', author.accessToken, form(fields));
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as { error: { details: { field: string }[] } }).error.details[0].field).toBe('file');
    const badYear = await upload('/api/v1/publications', author.accessToken, form({ ...fields, year: 'last year' }, { name: 'a.pdf', type: 'application/pdf', bytes: pdf('a') }));
    expect(badYear.status).toBe(400);
    const json = await api('POST', '/api/v1/publications', { token: author.accessToken, body: fields });
    expect(json.status).toBe(415);
  });

  it('shares a resource as a file', async () => {
    const created = await upload('/api/v1/resources', author.accessToken, form({ title: 'Mentoring handbook', description: 'For mentors in the WEOP programme.', kind: 'guide', rightsAttested: 'true' }, { name: 'handbook.txt', type: 'text/plain', bytes: Buffer.from('Chapter 1. Listening.\n') }));
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const read = await api('GET', `/api/v1/resources/${id}`);
    expect(read.body.file).toMatchObject({ filename: 'handbook.txt', contentType: expect.stringMatching(/^text\/plain/) });
    const download = await fetch(`${platform.baseUrl}/api/v1/resources/${id}/file`);
    expect(await download.text()).toBe('Chapter 1. Listening.\n');
  });
});
