/**
 * The awards announce a Gender Champion; when she is a member, her public profile shows the
 * `gender-champion` badge. Applied once per champion, in the event's inbox transaction; an announcement
 * about an account deleted meanwhile changes nothing.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ChampionAnnouncedV1 } from '@weop/contracts';
import { OnEvent } from '@weop/messaging';

@Injectable()
export class ChampionBadgesRepository {
  async award(em: EntityManager, championId: string, accountId: string, year: number, at: Date): Promise<void> {
    await em.getConnection().execute(
      `insert into champion_badge (champion_id, account_id, year, awarded_at)
       select ?, p.account_id, ?, ? from profile p where p.account_id = ?
       on conflict (champion_id) do nothing`,
      [championId, year, at, accountId], 'run', em.getTransactionContext(),
    );
  }
}

@Injectable()
export class ChampionBadgesConsumer {
  constructor(private readonly badges: ChampionBadgesRepository) {}

  @OnEvent(ChampionAnnouncedV1.subject)
  async announced(event: ChampionAnnouncedV1, { em }: { em: EntityManager }): Promise<void> {
    if (!event.memberId) return;
    await this.badges.award(em, event.championId, event.memberId, event.year, new Date(event.announcedAt));
  }
}
