/** Streams a document content handed over through the file transfer store, then removes the transfer. */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { ContentRequests } from '@weop/contracts';
import type { DownloadResponse } from '@weop/contracts';
import type { CallOptions, FileTransfers, ServiceClient } from '@weop/messaging';

/** RFC 6266: an ASCII fallback name and the real one percent-encoded (names are often Cyrillic or Chinese). */
export function attachmentHeader(filename: string): string {
  const fallback = filename.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export async function sendDocument(client: ServiceClient, transfers: FileTransfers, payload: { type: 'publication' | 'resource'; id: string }, call: CallOptions, reply: FastifyReply): Promise<void> {
  const download = await client.request<DownloadResponse>(ContentRequests.download, payload, { ...call, timeoutMs: 30_000 });
  await sendTransfer(transfers, download, reply);
}

/** Streams a file a service handed over through the transfer store, always as an attachment, then removes the transfer. */
export async function sendTransfer(transfers: FileTransfers, download: DownloadResponse, reply: FastifyReply): Promise<void> {
  const { body } = await transfers.stream(download.transfer);
  const stream = Readable.from(body, { objectMode: false });
  const cleanUp = (): void => void transfers.remove(download.transfer).catch(() => undefined);
  stream.once('close', cleanUp);
  await reply
    .header('content-type', download.contentType)
    .header('content-length', String(download.size))
    // Always an attachment: a document is never rendered inside the platform's origin.
    .header('content-disposition', attachmentHeader(download.filename))
    .send(stream);
}
