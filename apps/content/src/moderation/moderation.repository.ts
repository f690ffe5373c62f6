/** What trust-safety's outcomes change in content's tables: visibility, comment counts, sanctions and frozen items. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SanctionImposedV1, SanctionLiftedV1, SubjectVisibility } from '@weop/contracts';
import { Comment, ContentItem } from '../items/content-item.entity';

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
  async recordImposed(em: EntityManager, sanction: SanctionImposedV1): Promise<{ liftedAlready: boolean }> {
    const [row] = await em.getConnection().execute<{ lifted_at: Date | null }[]>(
      `insert into sanction (sanction_id, account_id, kind, ends_at) values (?, ?, ?, ?)
       on conflict (sanction_id) do update set kind = excluded.kind, ends_at = excluded.ends_at
       returning lifted_at`,
      [sanction.sanctionId, sanction.accountId, sanction.kind, sanction.endsAt], 'all', em.getTransactionContext(),
    );
    return { liftedAlready: Boolean(row?.lifted_at) };
  }

  /** Recorded even when the imposed event has not arrived yet, so that it finds the sanction lifted. */
  async recordLifted(em: EntityManager, lifted: SanctionLiftedV1): Promise<void> {
    await em.getConnection().execute(
      `insert into sanction (sanction_id, account_id, kind, lifted_at) values (?, ?, 'unknown', ?)
       on conflict (sanction_id) do update set lifted_at = excluded.lifted_at`,
      [lifted.sanctionId, lifted.accountId, new Date(lifted.liftedAt)], 'run', em.getTransactionContext(),
    );
  }

  /** The sanctions on her as trust-safety announced them (content freezes her open jobs and events by them). */
  async sanctionsOf(em: EntityManager, accountId: string): Promise<{ sanctionId: string; kind: string; endsAt: Date | null; liftedAt: Date | null }[]> {
    const rows = await em.getConnection().execute<{ sanction_id: string; kind: string; ends_at: Date | string | null; lifted_at: Date | string | null }[]>(
      'select sanction_id, kind, ends_at, lifted_at from sanction where account_id = ? order by sanction_id', [accountId], 'all', em.getTransactionContext(),
    );
    const at = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));
    return rows.map((r) => ({ sanctionId: r.sanction_id, kind: r.kind, endsAt: at(r.ends_at), liftedAt: at(r.lifted_at) }));
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
