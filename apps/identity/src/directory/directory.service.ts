/**
 * The member directory (`GET /members`). Identity serves it because identity owns profiles and their
 * visibility rules: the legal name a member hides, her email and her city never leave this service
 * unless she chose to show them. An entry shows exactly what her public profile shows (the legal name
 * only with `showLegalName`), plus her email when she chose `showEmail`.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { badCursor, decodeCursor, pageOf } from '@weop/contracts';
import type { DirectoryEntry, DirectoryPage, DirectoryQuery } from '@weop/contracts';
import { photoPath } from '../profiles/profiles.service';
import { DirectoryRepository } from './directory.repository';
import type { DirectoryRow } from './directory.repository';

/** More words than this in a query add nothing but work. */
const MAX_WORDS = 8;

@Injectable()
export class DirectoryService {
  constructor(
    private readonly em: EntityManager,
    private readonly directory: DirectoryRepository,
  ) {}

  async search(callerId: string, query: DirectoryQuery): Promise<DirectoryPage> {
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['number', 'string', 'uuid']);
    // The rank is one of the search's four grades (0–3); anything else was not given out by this list.
    if (key && !(Number.isInteger(key[0]) && Number(key[0]) >= 0 && Number(key[0]) <= 3)) throw badCursor();
    const words = (query.q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);
    const rows = await this.directory.search(this.em.fork(), {
      callerId,
      words,
      country: query.country,
      language: query.language,
      expertise: query.expertise?.trim(),
      organization: query.organization?.trim(),
      after: key ? { rank: Number(key[0]), sortKey: String(key[1]), id: String(key[2]) } : undefined,
      limit: limit + 1,
    });
    const page = pageOf(rows, limit, (r) => [r.rank, r.sort_key, r.id]);
    return { items: page.items.map(entry), nextCursor: page.nextCursor };
  }
}

function entry(row: DirectoryRow): DirectoryEntry {
  return {
    id: row.id,
    displayName: row.display_name,
    ...(row.show_legal_name ? { fullName: row.full_name } : {}),
    country: row.country,
    city: row.show_city ? row.city : null,
    email: row.show_email ? row.email : null,
    organization: row.organization,
    languages: row.languages,
    expertise: row.expertise,
    photoUrl: row.photo_key ? photoPath(row.id) : null,
    verified: row.verified,
  };
}
