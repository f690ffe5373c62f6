import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { registerStreamingMultipart } from './uploads';

/** A multipart body as a browser would send it. */
async function formBody(fields: Record<string, string>, file?: { field: string; name: string; bytes: Buffer }): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append(file.field, new Blob([file.bytes]), file.name);
  const request = new Request('http://gateway.test/', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

describe('multipart uploads in stream mode', () => {
  const app = Fastify();
  registerStreamingMultipart(app, { limits: { fileSize: 1024, files: 1 } });
  app.post('/parts', async (request) => {
    const seen: string[] = [];
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        let bytes = 0;
        for await (const chunk of part.file) bytes += (chunk as Buffer).length;
        seen.push(`${part.fieldname}:${part.filename}:${bytes}${part.file.truncated ? ':truncated' : ''}`);
      } else {
        seen.push(`${part.fieldname}=${String(part.value)}`);
      }
    }
    return { multipart: request.isMultipart(), seen };
  });
  app.post('/to-disk', async (request) => {
    await request.saveRequestFiles();
    return { saved: true };
  });
  afterAll(() => app.close());

  it('hands over each field and file as it arrives, and holds a file to its size limit', async () => {
    const { payload, contentType } = await formBody({ title: 'Kyrgyz women in trade' }, { field: 'file', name: 'report.pdf', bytes: Buffer.alloc(300, 7) });
    const answer = await app.inject({ method: 'POST', url: '/parts', payload, headers: { 'content-type': contentType } });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ multipart: true, seen: ['title=Kyrgyz women in trade', 'file:report.pdf:300'] });

    const big = await formBody({}, { field: 'file', name: 'big.pdf', bytes: Buffer.alloc(2048, 1) });
    const refused = await app.inject({ method: 'POST', url: '/parts', payload: big.payload, headers: { 'content-type': big.contentType } });
    expect(refused.json()).toMatchObject({ code: 'FST_REQ_FILE_TOO_LARGE' });
  });

  it("leaves out the plugin's per-request disk-mode hooks, which the plugin on its own puts on every request", async () => {
    const listenersOn = async (app: FastifyInstance): Promise<number> => {
      app.get('/plain', (_request, reply) => ({ closeListeners: reply.raw.listenerCount('close') }));
      const answer = await app.inject({ method: 'GET', url: '/plain' });
      await app.close();
      return answer.json<{ closeListeners: number }>().closeListeners;
    };
    const streamOnly = Fastify();
    registerStreamingMultipart(streamOnly, {});
    const whole = Fastify();
    await whole.register(multipart);
    const [ours, theirs] = [await listenersOn(streamOnly), await listenersOn(whole)];
    // The plugin's onRequest hook puts a 'close' listener on every response, on every route, multipart or not.
    expect(theirs).toBe(ours + 1);
  });

  it('refuses disk mode, whose clean-up is not installed', async () => {
    const { payload, contentType } = await formBody({}, { field: 'file', name: 'id-card.jpg', bytes: Buffer.alloc(10, 2) });
    const answer = await app.inject({ method: 'POST', url: '/to-disk', payload, headers: { 'content-type': contentType } });
    expect(answer.statusCode).toBe(500);
    expect(answer.json().message).toMatch(/stream mode only/);
  });
});
