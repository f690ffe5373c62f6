/**
 * The Gender Champions as the public sees them: the eleven of 2023 from first start, without a token,
 * filtered by year, country and category; and the cycles list. Through the gateway, against the real
 * NATS and PostgreSQL.
 */
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

let platform: Platform;
let api: Api;

beforeAll(async () => {
  platform = await startPlatform('aw-champions', {}, {}, { awards: true });
  api = client(platform.baseUrl);
}, 60_000);

afterAll(() => platform?.close());

const CHAMPIONS_2023 = [
  ['AZ', 'national', 'organization', 'Gender Hub Azerbaijan'],
  ['CN', 'national', 'organization', 'Waipula Village, Yunnan'],
  ['GE', 'national', 'organization', 'Women’s Information Center'],
  ['KZ', 'national', 'organization', 'JSC “Housing Construction Savings Bank “Otbasy Bank”'],
  ['KG', 'national', 'organization', 'National Federation of Female Communities of Kyrgyzstan'],
  ['MN', 'national', 'organization', 'National Center Against Violence'],
  ['PK', 'national', 'individual', 'Ms. Fauzia Viqar'],
  ['TJ', 'national', 'individual', 'Ms. Manzura Asadova'],
  ['TM', 'national', 'organization', 'Central Council of the Women’s Union of Turkmenistan'],
  ['UZ', 'national', 'organization', '“Nemolchi” Media Project'],
  [null, 'regional', 'organization', 'Wonder Women'],
];

describe('the Gender Champions', () => {
  it('lists the eleven champions of the inaugural 2023 award to anyone, with a citation each', async () => {
    const answer = await api('GET', '/api/v1/awards/champions?year=2023&limit=50');
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((c: Record<string, unknown>) => [c.country, c.category, c.kind, c.name])).toEqual(CHAMPIONS_2023);
    for (const champion of answer.body.items) {
      expect(champion).toMatchObject({ year: 2023, memberId: null });
      expect(champion.citation.length).toBeGreaterThan(100);
    }
    expect(answer.body.nextCursor).toBeNull();
  });

  it('filters by member country and by category; the regional champion has no country', async () => {
    const pakistan = await api('GET', '/api/v1/awards/champions?country=PK');
    expect(pakistan.body.items).toEqual([expect.objectContaining({ name: 'Ms. Fauzia Viqar', kind: 'individual', country: 'PK' })]);
    const regional = await api('GET', '/api/v1/awards/champions?category=regional');
    expect(regional.body.items).toEqual([expect.objectContaining({ name: 'Wonder Women', country: null, category: 'regional' })]);
    expect((await api('GET', '/api/v1/awards/champions?year=2031')).body.items).toEqual([]);
  });

  it('pages through the list with a cursor, in the same order', async () => {
    const first = await api('GET', '/api/v1/awards/champions?limit=4');
    const second = await api('GET', `/api/v1/awards/champions?limit=4&cursor=${first.body.nextCursor}`);
    const third = await api('GET', `/api/v1/awards/champions?limit=4&cursor=${second.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items, ...third.body.items].map((c: { name: string }) => c.name)).toEqual(CHAMPIONS_2023.map((c) => c[3]));
    expect(third.body.nextCursor).toBeNull();
  });

  it('answers a bad filter with 400 and says which, never a 500', async () => {
    const country = await api('GET', '/api/v1/awards/champions?country=RU');
    expect(country.status).toBe(400);
    expect(country.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'country', problem: expect.stringContaining('CAREC') }] });
    expect((await api('GET', '/api/v1/awards/champions?year=twenty')).status).toBe(400);
    expect((await api('GET', '/api/v1/awards/champions?cursor=bm9wZQ')).body.error.code).toBe('VALIDATION_FAILED');
    expect((await api('GET', '/api/v1/awards/champions?sort=name')).body.error.details).toEqual([{ field: 'sort', problem: expect.any(String) }]);
  });

  it('lists the 2023 cycle as published, with its ceremony in Tbilisi, to anyone', async () => {
    const cycles = await api('GET', '/api/v1/awards/cycles');
    expect(cycles.status).toBe(200);
    const cycle2023 = cycles.body.items.find((c: { year: number }) => c.year === 2023);
    expect(cycle2023).toMatchObject({ status: 'published', ceremonyPlace: 'Tbilisi, Georgia' });
    expect(cycle2023.ceremonyAt).toMatch(/^2023-11-/);
    const detail = await api('GET', `/api/v1/awards/cycles/${cycle2023.id}`);
    expect(detail.body.categories).toHaveLength(21);
    expect(detail.body.rubric.map((c: { code: string }) => c.code)).toEqual(['impact', 'innovation', 'sustainability', 'reach']);
    expect((await api('GET', '/api/v1/awards/cycles/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api('GET', '/api/v1/awards/cycles/not-a-uuid')).status).toBe(400);
  });

  it('seeds once: a second awards start leaves the eleven as they were', async () => {
    const before = await api('GET', '/api/v1/awards/champions?limit=50');
    await platform.stopAwards();
    await platform.startAwards();
    const after = await api('GET', '/api/v1/awards/champions?limit=50');
    expect(after.body.items).toEqual(before.body.items);
  });
});
