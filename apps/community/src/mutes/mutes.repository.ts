/** Who muted whom. Only the muter ever reads her rows; nothing shows the muted member she was muted. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';

export interface MuteRow {
  muted_id: string;
  created_at: Date | string;
}

@Injectable()
export class MutesRepository {
  /** Mutes; answers when, for a new mute and for one she made before. */
  async add(em: EntityManager, muterId: string, mutedId: string, at: Date): Promise<Date> {
    await em.getConnection().execute(
      'insert into mute (muter_id, muted_id, created_at) values (?, ?, ?) on conflict do nothing',
      [muterId, mutedId, at], 'run', em.getTransactionContext(),
    );
    const [row] = await em.getConnection().execute<{ created_at: Date | string }[]>(
      'select created_at from mute where muter_id = ? and muted_id = ?', [muterId, mutedId], 'all', em.getTransactionContext(),
    );
    return new Date(row.created_at);
  }

  async remove(em: EntityManager, muterId: string, mutedId: string): Promise<boolean> {
    const rows = await em.getConnection().execute<{ muted_id: string }[]>(
      'delete from mute where muter_id = ? and muted_id = ? returning muted_id', [muterId, mutedId], 'all', em.getTransactionContext(),
    );
    return rows.length > 0;
  }

  async muted(em: EntityManager, muterId: string, mutedId: string): Promise<boolean> {
    const rows = await em.getConnection().execute<{ one: number }[]>(
      'select 1 as one from mute where muter_id = ? and muted_id = ? limit 1', [muterId, mutedId], 'all', em.getTransactionContext(),
    );
    return rows.length > 0;
  }

  page(em: EntityManager, muterId: string, limit: number, after?: { at: Date; id: string }): Promise<MuteRow[]> {
    return em.getConnection().execute<MuteRow[]>(
      `select muted_id, created_at from mute where muter_id = ?
       ${after ? 'and (created_at, muted_id) < (?, ?)' : ''}
       order by created_at desc, muted_id desc limit ?`,
      [muterId, ...(after ? [after.at, after.id] : []), limit], 'all', em.getTransactionContext(),
    );
  }

  /** Members she muted, as SQL for other features' queries (the feed). */
  static mutedIdsSql(param = '?'): string {
    return `select m.muted_id from mute m where m.muter_id = ${param}`;
  }

  /** A deleted account's mutes go with it: those she made and those of her. */
  async forgetMember(em: EntityManager, accountId: string): Promise<void> {
    await em.getConnection().execute('delete from mute where muter_id = ? or muted_id = ?', [accountId, accountId], 'run', em.getTransactionContext());
  }
}
