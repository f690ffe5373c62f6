/** Streams a file a service handed over through the file transfer store, always as an attachment, then removes the transfer. */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { DownloadResponse } from '@weop/contracts';
import type { FileTransfers } from '@weop/messaging';
import { attachmentHeader } from '../content/downloads';

export async function sendTransfer(transfers: FileTransfers, download: DownloadResponse, reply: FastifyReply): Promise<void> {
  const { body } = await transfers.stream(download.transfer);
  const stream = Readable.from(body, { objectMode: false });
  stream.once('close', () => void transfers.remove(download.transfer).catch(() => undefined));
  await reply
    .header('content-type', download.contentType)
    .header('content-length', String(download.size))
    .header('content-disposition', attachmentHeader(download.filename))
    .send(stream);
}
