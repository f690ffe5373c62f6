/**
 * Where attachments are kept: the configured blob storage (disk or S3, under `community/`), sealed with
 * AES-256-GCM (`SealedBlobStorage`). The key is ATTACHMENT_KEY when set, else one generated once into
 * community's database.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { SealedBlobStorage, sealingKey } from '@weop/persistence';
import type { BlobStorage } from '@weop/persistence';

export class AttachmentStorage extends SealedBlobStorage {
  constructor(inner: BlobStorage, configuredKey: string | undefined, em: EntityManager) {
    super(inner, async () => ({ current: await sealingKey(configuredKey, em.fork(), 'attachment_key') }));
  }
}
