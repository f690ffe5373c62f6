/**
 * Multipart uploads (publications, resource files, verification documents): the form fields become an
 * object (a repeated field an array) and each expected file part is streamed into the file transfer
 * store, never held whole in the gateway's memory. The owning service checks the fields and the bytes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { FastifyMultipartBaseOptions } from '@fastify/multipart';
import { DomainError, ErrorCode, cutText, validationFailed } from '@weop/contracts';
import type { UploadedFile } from '@weop/contracts';
import type { FileTransfers } from '@weop/messaging';

/** Disk mode's request decorators, which the gateway replaces with a refusal. */
const DISK_MODE = new Set(['saveRequestFiles', 'cleanRequestFiles']);

/**
 * @fastify/multipart in stream mode only: `request.parts()` hands over each part as it arrives, and the file
 * parts stream into the file transfer store (readUpload); nothing is written to the gateway's disk. The plugin
 * also adds an onRequest and an onResponse hook to every request of the app, which exist to remove the
 * temporary files of its disk mode (`saveRequestFiles()`); stream mode does not read what they set. They are
 * left out here: on every request, on every route, they cost two promises and a listener on the response
 * (about 7 % of the gateway's work on a bare request). Disk mode is refused, so that it cannot be used
 * without its clean-up. Called on the root instance, before the app starts; the plugin's function is called
 * directly, so Fastify does not list it (`hasPlugin('@fastify/multipart')` is false) and a plugin that declares
 * it as a dependency would not find it.
 */
export function registerStreamingMultipart(fastify: FastifyInstance, options: FastifyMultipartBaseOptions): void {
  const leftOut: string[] = [];
  const streamOnly: FastifyInstance = new Proxy(fastify, {
    get(target, property) {
      if (property === 'addHook') {
        return (name: string, hook: never) => {
          if (name === 'onRequest' || name === 'onResponse') leftOut.push(name);
          else target.addHook(name as never, hook);
          return streamOnly;
        };
      }
      if (property === 'decorateRequest') {
        return (name: string, value: unknown) => {
          target.decorateRequest(name, DISK_MODE.has(name) ? refuseDiskMode : value);
          return streamOnly;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  multipart(streamOnly, options, (error?: Error) => {
    if (error) throw error;
  });
  // Another version of the plugin may hook in differently: then this must be looked at again, not guessed.
  if (leftOut.sort().join() !== 'onRequest,onResponse') {
    throw new Error(`@fastify/multipart added the hooks [${leftOut.join(', ')}], not its disk-mode clean-up (onRequest, onResponse): check registerStreamingMultipart`);
  }
}

function refuseDiskMode(): never {
  throw new Error('The gateway takes uploads in stream mode only (request.parts()): saving them to disk is not set up.');
}

export interface Upload {
  fields: Record<string, unknown>;
  /** The file of the field named `file`, when the form has that one field. */
  file?: UploadedFile;
  /** Every file, by field name. */
  files: Record<string, UploadedFile>;
}

/** `fileFields`: the file fields the form may carry, each at most once. */
export async function readUpload(request: FastifyRequest, transfers: FileTransfers, maxBytes: number, fileFields: readonly string[] = ['file']): Promise<Upload> {
  const fields: Record<string, unknown> = {};
  const files: Record<string, UploadedFile> = {};
  try {
    const parts = request.parts({ limits: { fileSize: maxBytes, files: fileFields.length, fields: 60, parts: 60 + fileFields.length, fieldSize: 64 * 1024 } });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (!fileFields.includes(part.fieldname) || files[part.fieldname]) {
          throw validationFailed(part.fieldname, `is not expected; send at most one file in each of: ${fileFields.join(', ')}`);
        }
        // One byte over the limit is enough to refuse: the transfer store stops reading there.
        const stored = await transfers.put(part.file, { maxBytes, contentType: part.mimetype, filename: part.filename }).catch((error: unknown) => {
          // The transfer store (JetStream) failing is ours to answer, not a bad upload.
          if (error instanceof DomainError) throw error;
          throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'Uploads cannot be taken right now. Please try again shortly.');
        });
        if (part.file.truncated) {
          await transfers.remove(stored.name).catch(() => undefined);
          throw new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `The file is too large (the limit is ${Math.round(maxBytes / 1048576)} MB).`);
        }
        files[part.fieldname] = { transfer: stored.name, ...(part.filename ? { filename: cutText(part.filename, 255) } : {}) };
        continue;
      }
      const value = part.value;
      const existing = fields[part.fieldname];
      fields[part.fieldname] = existing === undefined ? value : Array.isArray(existing) ? [...(existing as unknown[]), value] : [existing, value];
    }
  } catch (error) {
    await Promise.all(Object.values(files).map((f) => transfers.remove(f.transfer).catch(() => undefined)));
    if (error instanceof DomainError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `The file is too large (the limit is ${Math.round(maxBytes / 1048576)} MB).`);
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') throw validationFailed('body', 'has too many parts');
    throw validationFailed(fileFields[0], 'is not a readable multipart upload');
  }
  return { fields, files, ...(files.file ? { file: files.file } : {}) };
}

/** A form of exactly one file field named `file` and nothing else; the transfer is removed on refusal. */
export async function readSingleFile(request: FastifyRequest, transfers: FileTransfers, maxBytes: number, what: string): Promise<UploadedFile> {
  if (!request.isMultipart()) throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `Send the ${what} as multipart/form-data with a file field named file.`);
  const upload = await readUpload(request, transfers, maxBytes);
  const extra = Object.keys(upload.fields)[0];
  if (!upload.file || extra !== undefined) {
    if (upload.file) await transfers.remove(upload.file.transfer).catch(() => undefined);
    throw extra !== undefined ? validationFailed(extra, 'is not expected; send only the file') : validationFailed('file', `is required: the ${what}`);
  }
  return upload.file;
}
