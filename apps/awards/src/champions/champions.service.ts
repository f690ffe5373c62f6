/** The public Gender Champions list: no token needed. */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, pageOf } from '@weop/contracts';
import type { ChampionPage, ChampionView, ChampionsQuery } from '@weop/contracts';
import type { Champion } from './champion.entity';
import { ChampionsRepository } from './champions.repository';

export const championView = (c: Champion): ChampionView => ({
  id: c.id,
  year: c.year,
  country: c.country,
  category: c.category,
  name: c.name,
  kind: c.kind,
  citation: c.citation,
  memberId: c.memberId,
});

@Injectable()
export class ChampionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly champions: ChampionsRepository,
  ) {}

  async list(query: ChampionsQuery): Promise<ChampionPage> {
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['number', 'number', 'uuid']);
    const rows = await this.champions.page(this.em.fork(), query, limit + 1, key ? { year: Number(key[0]), position: Number(key[1]), id: String(key[2]) } : undefined);
    const page = pageOf(rows, limit, (c) => [c.year, c.position, c.id]);
    return { items: page.items.map(championView), nextCursor: page.nextCursor };
  }
}
