/**
 * The life of an item of any type: written, checked, published, edited, unpublished, deleted, read.
 * Type-specific rules (a job's review, an event's dates, a blog's attestation) are kept in
 * `content-rules.ts`; what happens around every write (rendering, language, search index, detectors,
 * the events others keep feeds and cohorts from) is here, once. A live item is announced
 * (`content.item.published.v1`), its edits too (`content.item.updated.v1`), and so is its end as a
 * public item (`content.item.withdrawn.v1`: unpublished, deleted, a job closed, expired or back in
 * review, an event cancelled), each through the outbox in the transaction that makes the change.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ContentPublishedV1, ContentUpdatedV1, ContentWithdrawnV1, DomainError, forbidden, notFound } from '@weop/contracts';
import type { ContentItemView, ContentPage, ContentType, ContentWithdrawalReason, CreatedContent, ListContentPayload, Principal, PublishRequest } from '@weop/contracts';
import { Outbox, validateInput } from '@weop/messaging';
import { decodeCursor, pageOf } from '@weop/contracts';
import { readTogether } from '@weop/persistence';
import { ContentConfig } from '../content.config';
import { guessLanguage, indexableText } from '../text/search-text';
import { plainText, renderMarkdown } from '../text/markdown';
import { canSee, isAuthor, isStaff } from './content-access';
import { ContentItem, touch } from './content-item.entity';
import { ContentItemsRepository } from './content-items.repository';
import { ContentSignalsService } from './content-signals.service';
import { contentView } from './content-view';
import { ItemAccess, blocksApplyTo } from './item-access.service';
import { fillSeats } from '../events/waitlist';
import { UPDATE_RULES, applyUpdate, checkPublishable, jobExpiry } from './content-rules';
import type { NewItem } from './content-rules';


@Injectable()
export class ContentItemsService {
  constructor(
    private readonly em: EntityManager,
    private readonly items: ContentItemsRepository,
    private readonly signals: ContentSignalsService,
    private readonly outbox: Outbox,
    private readonly access: ItemAccess,
    @Inject(ContentConfig) private readonly config: ContentConfig,
  ) {}

  /**
   * Stores a new item and, unless it is a draft, publishes it (or, for jobs, sends it to review).
   * `within` lets a caller add to the same transaction (the document of a publication).
   */
  async create(author: Principal, input: NewItem, within?: (em: EntityManager, item: ContentItem) => Promise<void>): Promise<CreatedContent> {
    return this.em.fork().transactional(async (em) => {
      const now = new Date();
      const item = em.create(ContentItem, {
        id: randomUUID(),
        type: input.type,
        authorId: author.accountId,
        title: input.title.trim(),
        body: input.body,
        bodyHtml: '',
        plain: '',
        tags: normaliseTags(input.tags),
        language: input.language ?? 'und',
        country: input.country ?? (await this.items.member(author.accountId, em))?.country ?? null,
        status: 'draft',
        details: input.details,
        startsAt: input.startsAt ?? null,
        originalityAttestedAt: input.originalityAttested ? now : null,
        rightsAttestedAt: input.rightsAttested ? now : null,
        createdAt: now,
        updatedAt: now,
      });
      this.render(item, input.language);
      em.persist(item);
      await em.flush();
      if (within) await within(em, item);
      if (!input.draft) await this.goLive(em, item, now);
      await this.items.index(em, item.id, indexableText(item.title), indexableText(item.plain));
      return { id: item.id, status: item.status };
    });
  }

  async get(viewer: Principal | null, type: ContentType, id: string): Promise<ContentItemView> {
    const em = this.em.fork();
    const item = await this.access.visible(em, await this.items.byId(id, em), type, viewer);
    return this.view(em, item, viewer);
  }

  async view(em: EntityManager, item: ContentItem, viewer: Principal | null): Promise<ContentItemView> {
    const [member, myReactions, registration, file] = await readTogether(em, [
      () => this.items.member(item.authorId, em),
      () => (viewer ? this.items.myReactions(item.id, viewer.accountId, em) : Promise.resolve(undefined)),
      () => (viewer && item.type === 'event' ? this.items.registration(item.id, viewer.accountId, em) : Promise.resolve(null)),
      () => (item.type === 'publication' || item.type === 'resource' ? this.items.file(item.id, em) : Promise.resolve(null)),
    ]);
    return contentView(item, member, viewer, { myReactions, myRegistration: registration?.status ?? null, file });
  }

  async list(viewer: Principal | null, query: ListContentPayload): Promise<ContentPage> {
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['date', 'uuid']);
    const after = key ? { at: String(key[0]), id: String(key[1]) } : undefined;
    if (query.type === 'discussion' && !viewer) throw new DomainError('AUTH_REQUIRED', 'Sign in to read discussions.');
    const em = this.em.fork();
    if (query.scope === 'mine') {
      if (!viewer) throw new DomainError('AUTH_REQUIRED', 'Sign in to see your own items.');
      const rows = await this.items.mine(viewer.accountId, query.type, after, limit, em);
      return this.page(em, rows, limit, viewer, (i) => [i.createdAt.toISOString(), i.id]);
    }
    const rows = await this.items.feed({ type: query.type, tag: query.tag, author: query.author, country: query.country, language: query.language, topic: query.topic, blocksOf: blocksApplyTo(viewer) }, after, limit, em);
    return this.page(em, rows, limit, viewer, (i) => [i.publishedAt!.toISOString(), i.id]);
  }

  /** An author's page: what she published, all types, newest first. */
  async byAuthor(viewer: Principal | null, authorId: string, type: ContentType | undefined, limit = 20, cursor?: string): Promise<ContentPage> {
    if (type === 'discussion' && !viewer) throw new DomainError('AUTH_REQUIRED', 'Sign in to read discussions.');
    const key = decodeCursor(cursor, ['date', 'uuid']);
    const em = this.em.fork();
    const rows = await this.items.feed({ author: authorId, type, membersOnly: !viewer, blocksOf: blocksApplyTo(viewer) }, key ? { at: String(key[0]), id: String(key[1]) } : undefined, limit, em);
    return this.page(em, rows, limit, viewer, (i) => [i.publishedAt!.toISOString(), i.id]);
  }

  private async page(em: EntityManager, rows: ContentItem[], limit: number, viewer: Principal | null, keyOf: (i: ContentItem) => string[]): Promise<ContentPage> {
    const page = pageOf(rows, limit, keyOf);
    const members = await this.items.members(page.items.map((i) => i.authorId), em);
    return { items: page.items.map((i) => contentView(i, members.get(i.authorId), viewer, {}, true)), nextCursor: page.nextCursor };
  }

  /** Only the author edits her words. A published item is checked again, and a job goes back to review if it now looks like a scam. */
  async update(editor: Principal, type: ContentType, id: string, changes: Record<string, unknown>): Promise<ContentItemView> {
    const rule = UPDATE_RULES[type];
    const input = await validateInput(rule.requestClass, changes);
    return this.em.fork().transactional(async (em) => {
      const item = await this.items.byId(id, em, true);
      if (!item || item.type !== type || !canSee(item, editor)) throw notFound(`The ${type}`);
      if (!isAuthor(item, editor)) throw forbidden(`Only the author can edit this ${type}.`);
      if (item.frozen) throw new DomainError('CONTENT_FROZEN', `This ${type} is frozen while your account is restricted.`);
      const organizationBefore = organizationKey(item.details.organization ?? '');
      const wasLive = item.status === 'published';
      applyUpdate(item, rule, input as Record<string, unknown>);
      touch(item);
      this.render(item, (input as { language?: string }).language ?? (item.language === 'und' ? undefined : item.language));
      if (item.type === 'event') await fillSeats(em, this.items, item);
      if (item.type === 'job' && item.status === 'published' && item.publishedAt) {
        item.expiresAt = jobExpiry(item.publishedAt, item.details.deadline ?? null, this.config.JOB_LIFETIME_DAYS);
      }
      if (item.status === 'published') {
        const scam = await this.signals.inspectItem(em, item);
        // A job that skipped review for a verified organisation goes back to review when it names another.
        const organization = organizationKey(item.details.organization ?? '');
        const untrusted = item.type === 'job' && organization !== organizationBefore && !(await this.items.isVerifiedPoster(item.authorId, organization, em));
        if (item.type === 'job' && (scam.length > 0 || untrusted)) {
          item.status = 'pending-review';
          item.reviewReason = null;
        }
      }
      if (wasLive) await (item.status === 'published' ? this.announceUpdated(em, item) : this.announceWithdrawn(em, item, 'in-review'));
      await em.flush();
      await this.items.index(em, item.id, indexableText(item.title), indexableText(item.plain));
      return this.view(em, item, editor);
    });
  }

  async publish(actor: Principal, type: ContentType, id: string, input: PublishRequest): Promise<ContentItemView> {
    return this.em.fork().transactional(async (em) => {
      const item = await this.items.byId(id, em, true);
      if (!item || item.type !== type || !canSee(item, actor)) throw notFound(`The ${type}`);
      if (!isAuthor(item, actor)) throw forbidden(`Only the author can publish this ${type}.`);
      if (item.frozen) throw new DomainError('CONTENT_FROZEN', `This ${type} is frozen while your account is restricted.`);
      if (!['draft', 'unpublished', 'rejected'].includes(item.status)) {
        throw new DomainError('CONTENT_STATE', `This ${type} is ${item.status}; only a draft or an unpublished ${type} can be published.`);
      }
      const now = new Date();
      if (input.originalityAttested) item.originalityAttestedAt = now;
      if (input.rightsAttested) item.rightsAttestedAt = now;
      await this.goLive(em, item, now);
      await em.flush();
      return this.view(em, item, actor);
    });
  }

  /** The author takes it down (back to her drafts); staff can too. */
  async unpublish(actor: Principal, type: ContentType, id: string): Promise<ContentItemView> {
    return this.em.fork().transactional(async (em) => {
      const item = await this.items.byId(id, em, true);
      if (!item || item.type !== type || !canSee(item, actor)) throw notFound(`The ${type}`);
      if (!isAuthor(item, actor) && !isStaff(actor)) throw forbidden(`Only the author or a moderator can unpublish this ${type}.`);
      if (item.status !== 'published' && item.status !== 'pending-review') {
        throw new DomainError('CONTENT_STATE', `This ${type} is ${item.status}, not published.`);
      }
      const wasLive = item.status === 'published';
      item.status = 'unpublished';
      touch(item);
      if (wasLive) await this.announceWithdrawn(em, item, 'unpublished');
      await em.flush();
      return this.view(em, item, actor);
    });
  }

  async remove(actor: Principal, type: ContentType, id: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const item = await this.items.byId(id, em, true);
      if (!item || item.type !== type || !canSee(item, actor)) throw notFound(`The ${type}`);
      if (!isAuthor(item, actor) && !isStaff(actor)) throw forbidden(`Only the author or a moderator can delete this ${type}.`);
      item.deletedAt = touch(item);
      // Once announced, its end is too (again for a job already closed or expired: consumers apply it once).
      if (item.publishedAt) await this.announceWithdrawn(em, item, 'deleted');
    });
  }

  /**
   * Draft → published (or, for a job, pending review unless its organisation is verified and no scam
   * signal fired), after the type's publishing rules (attestations, a document) are met.
   */
  private async goLive(em: EntityManager, item: ContentItem, now: Date): Promise<void> {
    checkPublishable(item, Boolean(await this.hasFile(em, item)));
    const scam = await this.signals.inspectItem(em, item);
    if (item.type === 'job') {
      const trusted = scam.length === 0 && (await this.items.isVerifiedPoster(item.authorId, organizationKey(item.details.organization ?? ''), em));
      if (!trusted) {
        item.status = 'pending-review';
        item.reviewReason = null;
        return;
      }
    }
    await this.markPublished(em, item, now);
  }

  /** Makes an item live and announces it; jobs get their expiry. */
  async markPublished(em: EntityManager, item: ContentItem, now: Date): Promise<void> {
    item.status = 'published';
    // Its publishing time orders this event against the item's others (a re-publication after a withdrawal).
    const at = touch(item, now);
    item.publishedAt = at;
    if (item.type === 'job') item.expiresAt = jobExpiry(at, item.details.deadline ?? null, this.config.JOB_LIFETIME_DAYS);
    await this.outbox.add(em, ContentPublishedV1.subject, {
      itemId: item.id,
      type: item.type,
      authorId: item.authorId,
      title: item.title,
      language: item.language,
      publishedAt: at.toISOString(),
      ...(item.type === 'event' && item.startsAt ? { startsAt: item.startsAt.toISOString() } : {}),
    });
  }

  /** A live item changed: consumers keep its new title and date (ordered by `updatedAt`, which the caller has set). */
  async announceUpdated(em: EntityManager, item: ContentItem): Promise<void> {
    await this.outbox.add(em, ContentUpdatedV1.subject, {
      itemId: item.id,
      type: item.type,
      authorId: item.authorId,
      title: item.title,
      language: item.language,
      publishedAt: (item.publishedAt ?? item.updatedAt).toISOString(),
      ...(item.type === 'event' && item.startsAt ? { startsAt: item.startsAt.toISOString() } : {}),
      changedAt: item.updatedAt.toISOString(),
    });
  }

  /** A live item is no longer public: consumers drop it (ordered by `updatedAt`, which the caller has set). */
  async announceWithdrawn(em: EntityManager, item: Pick<ContentItem, 'id' | 'type' | 'authorId' | 'updatedAt'>, reason: ContentWithdrawalReason): Promise<void> {
    await this.outbox.add(em, ContentWithdrawnV1.subject, { itemId: item.id, type: item.type, authorId: item.authorId, reason, changedAt: item.updatedAt.toISOString() });
  }

  private async hasFile(em: EntityManager, item: ContentItem): Promise<boolean> {
    if (item.type !== 'publication' && item.type !== 'resource') return false;
    return Boolean(await this.items.file(item.id, em));
  }

  private render(item: ContentItem, language: string | undefined): void {
    item.bodyHtml = renderMarkdown(item.body);
    item.plain = plainText(item.body);
    item.language = language ?? guessLanguage(`${item.title}\n${item.plain}`);
  }
}

/** Tags compare without case; duplicates dropped. */
export const normaliseTags = (tags: string[] | undefined): string[] => [...new Set((tags ?? []).map((t) => t.toLowerCase()))];

/** How an organisation's name is matched against verified organisations: case, spacing and punctuation aside. */
export const organizationKey = (name: string): string => name.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
