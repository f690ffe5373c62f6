/**
 * The member directory (`GET /members`, API.md "Community"): members who chose to be listed, their
 * public fields only (the legal name, city and email only when each was chosen), found by public name
 * or organisation regardless of case and accents, filtered, paged, and never a restricted member.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Answer, Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

/** A word no other member of the suite has, in letters only (so folding leaves it as it is). */
const uniqueWord = (): string => `q${randomBytes(5).toString('hex').replace(/\d/g, (d) => 'ghijklmnop'[Number(d)])}`;

interface Entry {
  id: string;
  displayName: string;
  fullName?: string;
  city: string | null;
  email: string | null;
  verified: boolean;
  [k: string]: unknown;
}

describe('member directory', () => {
  let platform: Platform;
  let api: Api;
  let the: ReturnType<typeof given>;
  let viewer: SignedIn;

  beforeAll(async () => {
    platform = await startPlatform('directory');
    api = client(platform.baseUrl);
    the = given(api);
    viewer = await the.member();
  });
  afterAll(() => platform.close());

  const find = async (query: string, who: SignedIn = viewer): Promise<Entry[]> => {
    const answer = await api('GET', `/api/v1/members?${query}`, { token: who.accessToken });
    expect(answer.status).toBe(200);
    return answer.body.items as Entry[];
  };
  const profile = (who: SignedIn, body: Record<string, unknown>) => api('PATCH', '/api/v1/me/profile', { token: who.accessToken, body });
  const listedMember = async (overrides: Record<string, unknown>, choices: Record<string, unknown> = {}): Promise<SignedIn> => {
    const m = await the.member(overrides);
    expect((await profile(m, { listedInDirectory: true, ...choices })).status).toBe(200);
    return m;
  };

  it('lists only members who chose it, and needs a signed-in caller', async () => {
    const word = uniqueWord();
    const m = await the.member({ displayName: `Aru ${word}` });
    expect(await find(`q=${word}`)).toEqual([]);
    const me = await api('GET', '/api/v1/me', { token: m.accessToken });
    expect(me.body.privacy).toEqual({ showLegalName: false, listedInDirectory: false, showCity: false, showEmail: false });
    expect((await profile(m, { listedInDirectory: true })).body).toMatchObject({ listedInDirectory: true, showCity: false, showEmail: false });
    expect((await find(`q=${word}`)).map((e) => e.id)).toEqual([m.id]);
    expect((await profile(m, { listedInDirectory: false })).status).toBe(200);
    expect(await find(`q=${word}`)).toEqual([]);
    expect((await api('GET', `/api/v1/members?q=${word}`)).status).toBe(401);
  });

  it('shows public fields only: never a hidden legal name (not even through search), city and email only when chosen', async () => {
    const surname = uniqueWord();
    const word = uniqueWord();
    const m = await listedMember(
      { fullName: `Zarina ${surname}`, displayName: `Zara ${word}`, country: 'TJ' },
      { city: 'Khujand', organization: 'Pamir Women Fund', languages: ['tg', 'ru'], expertise: ['microfinance'] },
    );
    const [entry] = await find(`q=${word}`);
    expect(entry).toEqual({
      id: m.id, displayName: `Zara ${word}`, country: 'TJ', city: null, email: null, organization: 'Pamir Women Fund',
      languages: ['tg', 'ru'], expertise: ['microfinance'], photoUrl: null, verified: false,
    });
    expect(JSON.stringify(entry)).not.toContain(surname);
    // Her legal name is hers to hide: searching by it finds nothing, and her profile hides the city too.
    expect(await find(`q=${surname}`)).toEqual([]);
    expect(await find(`q=${encodeURIComponent(`Zarina ${surname}`)}`)).toEqual([]);
    expect((await api('GET', `/api/v1/profiles/${m.id}`, { token: viewer.accessToken })).body.city).toBeNull();

    expect((await profile(m, { showLegalName: true, showCity: true, showEmail: true })).status).toBe(200);
    const [shown] = await find(`q=${surname}`);
    expect(shown).toMatchObject({ id: m.id, fullName: `Zarina ${surname}`, city: 'Khujand', email: m.email });
    expect((await api('GET', `/api/v1/profiles/${m.id}`, { token: viewer.accessToken })).body).toMatchObject({ fullName: `Zarina ${surname}`, city: 'Khujand' });
    // The profile never shows the email, whatever she chose for the directory.
    expect(JSON.stringify((await api('GET', `/api/v1/profiles/${m.id}`, { token: viewer.accessToken })).body)).not.toContain(m.email);
  });

  it('finds names and organisations whatever the case and accents, best match first, then by name', async () => {
    const word = uniqueWord();
    const exact = await listedMember({ displayName: `Aigerim ${word}` });
    const prefix = await listedMember({ displayName: `Aigerimka ${word}` });
    const inside = await listedMember({ displayName: `${word} Zhanaigerimova` });
    const org = await listedMember({ displayName: `Bota ${word}` }, { organization: 'Aigerim Foundation' });
    const accented = await listedMember({ displayName: `Aïgérim ${word}` });
    const cyrillic = await listedMember({ displayName: `Айгерим ${word}` });

    const ids = (await find(`q=${encodeURIComponent(`aigerim ${word}`)}`)).map((e) => e.id);
    // The two whose public name is the query itself first (by name), then a name starting with it, then one containing it, then the organisation.
    expect(ids.slice(0, 2).sort()).toEqual([exact.id, accented.id].sort());
    expect(ids.slice(2)).toEqual([prefix.id, inside.id, org.id]);
    expect((await find(`q=${encodeURIComponent(`АЙГЕРИМ ${word}`)}`)).map((e) => e.id)).toEqual([cyrillic.id]);
    expect((await find(`q=${encodeURIComponent(`AIGERIM FOUNDATION ${word}`)}`)).map((e) => e.id)).toEqual([org.id]);
    // Wildcards typed by a member are letters.
    expect(await find(`q=${encodeURIComponent(`%_ ${word}`)}`)).toEqual([]);
  });

  it('filters by country, language, expertise and organisation exactly', async () => {
    const word = uniqueWord();
    const a = await listedMember({ displayName: `Nino ${word}`, country: 'GE' }, { languages: ['ka', 'en'], expertise: ['Climate finance'], organization: 'Kartli Green' });
    const b = await listedMember({ displayName: `Tamar ${word}`, country: 'GE' }, { languages: ['ka'], expertise: ['education'], organization: 'Kartli Green Partners' });
    const c = await listedMember({ displayName: `Oyun ${word}`, country: 'MN' }, { languages: ['mn', 'en'], expertise: ['climate finance'] });
    const ids = async (query: string) => (await find(`q=${word}&${query}`)).map((e) => e.id).sort();
    expect(await ids('country=GE')).toEqual([a.id, b.id].sort());
    expect(await ids('language=en')).toEqual([a.id, c.id].sort());
    expect(await ids(`expertise=${encodeURIComponent('CLIMATE FINANCE')}`)).toEqual([a.id, c.id].sort());
    expect(await ids(`organization=${encodeURIComponent('kartli green')}`)).toEqual([a.id]);
    expect(await ids('country=GE&language=en')).toEqual([a.id]);
    expect(await ids('country=KZ')).toEqual([]);
  });

  it('refuses bad filters with the field named', async () => {
    const bad = async (query: string, field: string) => {
      const answer = await api('GET', `/api/v1/members?${query}`, { token: viewer.accessToken });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
      expect(answer.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    await bad('country=FR', 'country');
    await bad(`q=${'a'.repeat(101)}`, 'q');
    await bad('language=English!', 'language');
    await bad('limit=500', 'limit');
    await bad('cursor=not-ours', 'cursor');
    // Tampered cursors: a rank the search never gives, a sort key PostgreSQL cannot hold.
    const tampered = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
    await bad(`cursor=${tampered([1.5, 'aigerim', '00000000-0000-4000-8000-000000000000'])}`, 'cursor');
    await bad(`cursor=${tampered([1, 'a\u0000b', '00000000-0000-4000-8000-000000000000'])}`, 'cursor');
    const unknown = await api('GET', '/api/v1/members?gender=f', { token: viewer.accessToken });
    expect(unknown.status).toBe(400);
  });

  it('pages through every match once, in order', async () => {
    const word = uniqueWord();
    const made = [];
    for (const name of ['Dana', 'Bakhyt', 'Erke', 'Ainur', 'Cholpon']) made.push(await listedMember({ displayName: `${name} ${word}` }));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer: Answer = await api('GET', `/api/v1/members?q=${word}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: viewer.accessToken });
      expect(answer.status).toBe(200);
      seen.push(...(answer.body.items as Entry[]).map((e) => e.displayName));
      cursor = answer.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(['Ainur', 'Bakhyt', 'Cholpon', 'Dana', 'Erke'].map((n) => `${n} ${word}`));
  });

  it('marks verified members, and leaves out suspended, expelled and deleted ones', async () => {
    const word = uniqueWord();
    const verified = await listedMember({ displayName: `Verified ${word}` });
    const suspended = await listedMember({ displayName: `Suspended ${word}` });
    const expelled = await listedMember({ displayName: `Expelled ${word}` });
    const deleted = await listedMember({ displayName: `Deleted ${word}` });
    const db = new Client({ connectionString: await platform.scope.database('identity') });
    await db.connect();
    try {
      await db.query('update account set identity_verified_at = now() where id = $1', [verified.id]);
    } finally {
      await db.end();
    }
    const admin = await the.admin();
    const setStatus = (id: string, body: unknown) => api('PUT', `/api/v1/admin/users/${id}/status`, { token: admin.accessToken, body });
    expect((await setStatus(suspended.id, { status: 'suspended', until: new Date(Date.now() + 86_400_000).toISOString() })).status).toBe(204);
    expect((await setStatus(expelled.id, { status: 'expelled' })).status).toBe(204);
    expect((await api('DELETE', '/api/v1/me', { token: deleted.accessToken, body: { password: deleted.password } })).status).toBe(204);

    const entries = await find(`q=${word}`);
    expect(entries.map((e) => [e.id, e.verified])).toEqual([[verified.id, true]]);
  });
});
