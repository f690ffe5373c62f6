/**
 * Where group files are kept: the configured blob storage (disk or S3, under `community/`), sealed
 * with AES-256-GCM (`SealedBlobStorage`): what members share in a closed group can be as sensitive as
 * their messages. The key is GROUP_FILES_KEY when set, else one generated once into the community
 * database (`group_files_key`).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { SealedBlobStorage, sealingKey } from '@weop/persistence';
import type { BlobStorage } from '@weop/persistence';

export class GroupFileStorage extends SealedBlobStorage {
  constructor(inner: BlobStorage, configuredKey: string | undefined, em: EntityManager) {
    super(inner, async () => ({ current: await sealingKey(configuredKey, em.fork(), 'group_files_key') }));
  }
}
