/**
 * The directory's one query. Only listed, active, not deleted members; never one who blocked the
 * caller or whom she blocked. Free text matches only what a member shows (`weop_directory_text`:
 * display name, legal name only when shown, organisation), folded for case and accents, through the
 * trigram index of the migration; each word must appear. Relevance is a small integer (3: the query
 * is her public name; 2: each word starts a word of her public name; 1: each word is in her public
 * name; 0: some word only in her organisation), then her display name, then id: a stable order for
 * the keyset cursor.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';

export interface DirectoryRow {
  id: string;
  display_name: string;
  full_name: string;
  show_legal_name: boolean;
  country: string;
  city: string | null;
  show_city: boolean;
  email: string;
  show_email: boolean;
  organization: string | null;
  languages: string[];
  expertise: string[];
  photo_key: string | null;
  verified: boolean;
  rank: number;
  sort_key: string;
}

export interface DirectoryFilter {
  callerId: string;
  /** The query's words, as typed (trimmed); empty for no free-text search. */
  words: string[];
  country?: string;
  language?: string;
  expertise?: string;
  organization?: string;
  after?: { rank: number; sortKey: string; id: string };
  limit: number;
}

/** `%`, `_` and `\` typed by a member are letters, not wildcards. */
const likeEscaped = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class DirectoryRepository {
  search(em: EntityManager, f: DirectoryFilter): Promise<DirectoryRow[]> {
    const params: unknown[] = [];
    const bind = (value: unknown): string => {
      params.push(value);
      return '?';
    };
    const phrase = f.words.join(' ');
    const name = 'weop_fold(p.display_name)';
    // Her public name(s): the display name, and the legal name only when she shows it.
    const names = `weop_fold(p.display_name || case when p.show_legal_name then ' ' || p.full_name else '' end)`;
    let rank = '0';
    if (phrase) {
      const isName = `${name} = weop_fold(${bind(phrase)}) or (p.show_legal_name and weop_fold(p.full_name) = weop_fold(${bind(phrase)}))`;
      const wordStarts = f.words
        .map((w) => `(${names} like weop_fold(${bind(likeEscaped(w))}) || '%' or ${names} like '% ' || weop_fold(${bind(likeEscaped(w))}) || '%')`)
        .join(' and ');
      const inNames = f.words.map((w) => `${names} like '%' || weop_fold(${bind(likeEscaped(w))}) || '%'`).join(' and ');
      rank = `case when ${isName} then 3 when ${wordStarts} then 2 when ${inNames} then 1 else 0 end`;
    }
    const where: string[] = [
      'p.listed_in_directory',
      'a.deleted_at is null',
      `a.status = 'active'`,
      `not exists (select 1 from member_block b where b.active
         and ((b.blocker_id = ${bind(f.callerId)} and b.blocked_id = a.id) or (b.blocker_id = a.id and b.blocked_id = ${bind(f.callerId)})))`,
    ];
    for (const word of f.words) {
      where.push(`weop_directory_text(p.display_name, p.full_name, p.show_legal_name, p.organization) like '%' || weop_fold(${bind(likeEscaped(word))}) || '%'`);
    }
    if (f.country) where.push(`p.country = ${bind(f.country)}`);
    if (f.language) where.push(`${bind(f.language)} = any(p.languages)`);
    if (f.expertise) where.push(`exists (select 1 from unnest(p.expertise) e where weop_fold(e) = weop_fold(${bind(f.expertise)}))`);
    if (f.organization) where.push(`weop_fold(p.organization) = weop_fold(${bind(f.organization)})`);
    // The rank is computed first (in bind order), so the outer query's bindings come after the inner ones.
    const inner = `select a.id, p.display_name, p.full_name, p.show_legal_name, p.country, p.city, p.show_city, a.email, p.show_email,
            p.organization, p.languages, p.expertise, p.photo_key, a.identity_verified_at is not null as verified,
            ${rank} as rank, ${name} as sort_key
       from profile p join account a on a.id = p.account_id
      where ${where.join('\n        and ')}`;
    let outerWhere = '';
    if (f.after) {
      const r = f.after.rank;
      outerWhere = `where d.rank < ${bind(r)} or (d.rank = ${bind(r)} and (d.sort_key > ${bind(f.after.sortKey)} or (d.sort_key = ${bind(f.after.sortKey)} and d.id > ${bind(f.after.id)}::uuid)))`;
    }
    const sql = `select * from (${inner}) d ${outerWhere} order by d.rank desc, d.sort_key asc, d.id asc limit ${bind(f.limit)}`;
    return em.getConnection().execute<DirectoryRow[]>(sql, params, 'all', em.getTransactionContext());
  }
}
