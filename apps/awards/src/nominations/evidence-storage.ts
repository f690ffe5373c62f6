/**
 * Where evidence files are kept: the configured blob storage (disk or S3, under `awards/`), sealed
 * with AES-256-GCM (`SealedBlobStorage`). The key is EVIDENCE_KEY when set, else one generated once into
 * the awards database; it is read at start (`open()`, before the service answers).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { SealedBlobStorage, sealingKey } from '@weop/persistence';
import type { BlobStorage } from '@weop/persistence';

export class EvidenceStorage extends SealedBlobStorage {
  constructor(inner: BlobStorage, configuredKey: string | undefined, em: EntityManager) {
    super(inner, async () => ({ current: await sealingKey(configuredKey, em.fork(), 'evidence_key') }));
  }
}
