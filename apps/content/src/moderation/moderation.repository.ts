/** What trust-safety's outcomes change in content's tables: visibility, comment counts, sanctions and frozen items. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SanctionImposedV1, SanctionLiftedV1, SubjectVisibility } from '@weop/contracts';
import { SanctionRecords } from '@weop/messaging';
import type { SanctionRecord } from '@weop/messaging';
import { Comment, ContentItem } from '../items/content-item.entity';

/** Content's record of sanctions (libs/messaging): its table is `sanction`. */
const SANCTIONS = new SanctionRecords('sanction');

const OPEN_STATUSES: ContentItem['status'][] = ['draft', 'pending-review', 'published'];

@Injectable()
export class ModerationRepository {
  /** Applies a visibility unless a newer decision was applied already. */
  async setItemVisibility(em: EntityManager, id: string, visibility: SubjectVisibility, version: number): Promise<void> {
    await em.nativeUpdate(ContentItem, { id, visibilityVersion: { $lt: version } }, { visibility, visibilityVersion: version });
  }

  comment(em: EntityManager, id: string): Promise<Comment | null> {
    return em.findOne(Comment, { id });
  }

  async adjustCommentCount(em: EntityManager, itemId: string, delta: number): Promise<void> {
    await em.getConnection().execute('update content_item set comment_count = greatest(0, comment_count + ?) where id = ?', [delta, itemId], 'run', em.getTransactionContext());
  }

  /** Records the sanction; answers whether it was lifted already (its "lifted" event came first). */
  recordImposed(em: EntityManager, sanction: SanctionImposedV1): Promise<{ liftedAlready: boolean }> {
    return SANCTIONS.imposed(em, sanction);
  }

  /** Recorded even when the imposed event has not arrived yet, so that it finds the sanction lifted. */
  recordLifted(em: EntityManager, lifted: SanctionLiftedV1): Promise<void> {
    return SANCTIONS.lifted(em, lifted);
  }

  /** The sanctions on her as trust-safety announced them (content freezes her open jobs and events by them). */
  sanctionsOf(em: EntityManager, accountId: string): Promise<SanctionRecord[]> {
    return SANCTIONS.of(em, accountId);
  }

  async freezeOpenItems(em: EntityManager, accountId: string): Promise<void> {
    await em.nativeUpdate(ContentItem, { authorId: accountId, type: { $in: ['job', 'event'] }, status: { $in: OPEN_STATUSES }, frozen: false }, { frozen: true });
  }

  /**
   * Thaws the frozen items of authors (one, or all) who have no suspension or expulsion in force any
   * more — after a lift, or when a suspension's end passed (the scheduler in jobs.service.ts).
   */
  async thawUnsanctioned(em: EntityManager, accountId?: string): Promise<void> {
    await em.getConnection().execute(
      `update content_item i set frozen = false
        where i.frozen ${accountId ? 'and i.author_id = ?' : ''}
          and not exists (select 1 from sanction s
                           where s.account_id = i.author_id and s.lifted_at is null
                             and s.kind in ('suspension', 'expulsion') and (s.ends_at is null or s.ends_at > now()))`,
      accountId ? [accountId] : [], 'run', em.getTransactionContext(),
    );
  }
}
