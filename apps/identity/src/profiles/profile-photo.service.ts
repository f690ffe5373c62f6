/**
 * Profile photos. The type is read from the bytes (never the name or header), the image is decoded,
 * turned upright, bounded to 1024 px and re-encoded as WebP, which drops every piece of metadata a
 * phone puts in a photo (EXIF GPS position, device, time): for a member hiding from someone, a
 * photo's location would give her away. Each new photo is also compared with every other member's
 * (photo-reuse.service.ts), in the transaction that makes it hers.
 */
import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import sharp from 'sharp';
import { DomainError, ErrorCode, notFound } from '@weop/contracts';
import type { PhotoResponse, ProfileResponse } from '@weop/contracts';
import { BLOB_STORAGE } from '@weop/persistence';
import type { BlobStorage } from '@weop/persistence';
import { AccountsRepository } from '../accounts/accounts.repository';
import { IdentityConfig } from '../identity.config';
import { photoHash } from './photo-hash';
import { PhotoReuseService } from './photo-reuse.service';
import { Profile } from './profile.entity';
import { ProfilesService } from './profiles.service';
import { BlocksRepository } from '../blocks/blocks.repository';

const ACCEPTED = new Set(['jpeg', 'png', 'webp']);
const MAX_SIDE = 1024;

@Injectable()
export class ProfilePhotoService {
  constructor(
    private readonly em: EntityManager,
    private readonly accounts: AccountsRepository,
    private readonly profiles: ProfilesService,
    private readonly reuse: PhotoReuseService,
    private readonly blocks: BlocksRepository,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  async upload(accountId: string, contentBase64: string): Promise<ProfileResponse> {
    const bytes = Buffer.from(contentBase64, 'base64');
    if (bytes.length === 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The photo is empty.', [{ field: 'photo', problem: 'is empty' }]);
    if (bytes.length > this.config.PHOTO_MAX_BYTES) {
      throw new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `The photo is larger than ${Math.floor(this.config.PHOTO_MAX_BYTES / 1024)} KB.`);
    }
    const image = await reencodedPhoto(bytes);
    // Hashed as stored (upright, bounded, re-encoded), so every member's photo is hashed the same way.
    const hash = await photoHash(image);
    const key = `photos/${accountId}/${randomBytes(12).toString('hex')}`;
    await this.storage.put(key, { bytes: image, contentType: 'image/webp' });
    let previous: string | null = null;
    try {
      await this.em.fork().transactional(async (em) => {
        // Locked: two uploads at once take turns, and each removes the file the other replaced.
        const profile = await em.findOne(Profile, { accountId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!profile) throw notFound('The account');
        previous = profile.photoKey;
        profile.photoKey = key;
        profile.photoContentType = 'image/webp';
        profile.updatedAt = new Date();
        await em.flush();
        await this.reuse.photoUploaded(em, accountId, hash, profile.updatedAt);
      });
    } catch (error) {
      await this.storage.delete(key).catch(() => undefined);
      throw error;
    }
    if (previous) await this.storage.delete(previous).catch(() => undefined);
    return this.profiles.own(accountId);
  }

  async remove(accountId: string): Promise<void> {
    const key = await this.em.fork().transactional(async (em) => {
      const profile = await em.findOne(Profile, { accountId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (profile) await this.reuse.photoRemoved(em, accountId);
      if (!profile?.photoKey) return null;
      const old = profile.photoKey;
      profile.photoKey = null;
      profile.photoContentType = null;
      profile.updatedAt = new Date();
      return old;
    });
    if (key) await this.storage.delete(key);
  }

  /** Another member's photo, under the same rules as her profile (expelled members and blocks: 404). */
  async photoOf(viewerId: string, accountId: string): Promise<PhotoResponse> {
    const em = this.em.fork();
    const account = await this.accounts.byId(accountId, em);
    const visible = account && account.status !== 'expelled' && !(await this.blocks.between(em, viewerId, accountId));
    const profile = visible ? await this.accounts.profile(accountId, em) : null;
    const blob = profile?.photoKey ? await this.storage.get(profile.photoKey) : null;
    if (!blob) throw notFound('The photo');
    return { contentType: blob.contentType, contentBase64: blob.bytes.toString('base64') };
  }

  async deleteStored(key: string | null): Promise<void> {
    if (key) await this.storage.delete(key).catch(() => undefined);
  }
}

/**
 * What is kept of an uploaded photo: its type read from the bytes (JPEG, PNG or WebP, else
 * UNSUPPORTED_MEDIA_TYPE), turned upright, at most MAX_SIDE px, re-encoded as WebP without metadata.
 */
export async function reencodedPhoto(bytes: Buffer): Promise<Buffer> {
  const unsupported = (): DomainError =>
    new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'The photo must be a JPEG, PNG or WebP image.', [{ field: 'photo', problem: 'is not a JPEG, PNG or WebP image' }]);
  let format: string | undefined;
  try {
    format = (await sharp(bytes, { limitInputPixels: 40_000_000 }).metadata()).format;
  } catch {
    throw unsupported();
  }
  if (!format || !ACCEPTED.has(format)) throw unsupported();
  try {
    return await sharp(bytes, { limitInputPixels: 40_000_000 })
      .rotate()
      .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw unsupported();
  }
}
