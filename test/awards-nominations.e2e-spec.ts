/**
 * Cycles and nominations as awards-admins, nominators, nominees and endorsers meet them: cycles from a
 * template, eligibility errors that say what is wrong, consent of a member nominee, endorsement links
 * without an account, evidence files, withdrawal, and nominations paused while a sanction lasts.
 * Through the gateway, against the real NATS and PostgreSQL; identity's verification and trust-safety's
 * sanctions are played by the test.
 */
import { randomUUID } from 'node:crypto';
import { eventually } from '@weop/testing';
import { ACHIEVEMENTS, awardsGiven } from './support/awards';
import { publishEvent } from './support/events';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

let platform: Platform;
let api: Api;
let the: ReturnType<typeof awardsGiven>;
let admin: SignedIn;
let cycleId: string;

const DAY = 86_400_000;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

beforeAll(async () => {
  platform = await startPlatform('aw-nominations', {}, {}, { awards: true });
  api = client(platform.baseUrl);
  the = awardsGiven(api, platform);
  admin = await the.awardsAdmin({ displayName: 'Awards admin' });
  cycleId = await the.openCycle(admin, 2026);
}, 60_000);

afterAll(() => platform?.close());

const upload = async (token: string, nominationId: string, bytes: Buffer, filename: string, type: string) => {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), filename);
  const answer = await fetch(`${platform.baseUrl}/api/v1/awards/nominations/${nominationId}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: answer.status, body: (await answer.json()) as { id: string; error: { code: string } } & Record<string, unknown> };
};

describe('cycles', () => {
  it('are created by awards-admins only, one per year, with dates in order', async () => {
    const member = await the.the.member();
    const body = { year: 2030, nominationsOpenAt: '2030-03-01T00:00:00Z', nominationsCloseAt: '2030-05-01T00:00:00Z' };
    expect((await api('POST', '/api/v1/awards/cycles', { token: member.accessToken, body })).status).toBe(403);
    const created = await api('POST', '/api/v1/awards/cycles', { token: admin.accessToken, body: { ...body, ceremonyAt: '2030-11-10T10:00:00Z', ceremonyPlace: 'Almaty, Kazakhstan', rubric: [{ code: 'impact', title: 'Impact', weight: 3 }, { code: 'reach', title: 'Reach', weight: 1 }] } });
    expect(created.status).toBe(201);
    const again = await api('POST', '/api/v1/awards/cycles', { token: admin.accessToken, body });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('2030');

    const backwards = await api('POST', '/api/v1/awards/cycles', { token: admin.accessToken, body: { year: 2031, nominationsOpenAt: '2031-05-01T00:00:00Z', nominationsCloseAt: '2031-03-01T00:00:00Z' } });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details).toEqual([{ field: 'nominationsCloseAt', problem: 'must be after nominationsOpenAt' }]);
    const missing = await api('POST', '/api/v1/awards/cycles', { token: admin.accessToken, body: { year: 2031 } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0]).toEqual({ field: 'nominationsOpenAt', problem: 'is required (or give templateCycleId)' });
    expect((await api('POST', '/api/v1/awards/cycles', { token: admin.accessToken, body: { ...body, year: 2032, prize: 1000 } })).body.error.details).toEqual([{ field: 'prize', problem: expect.any(String) }]);
    const repeated = await api('POST', '/api/v1/awards/cycles', { token: admin.accessToken, body: { ...body, year: 2033, rubric: [{ code: 'impact', title: 'A', weight: 1 }, { code: 'impact', title: 'B', weight: 1 }] } });
    expect(repeated.body.error.details).toEqual([{ field: 'rubric', problem: 'repeats the criterion impact' }]);

    // A cycle in the future is a draft; an awards-admin may open it early.
    const detail = await api('GET', `/api/v1/awards/cycles/${created.body.id}`);
    expect(detail.body).toMatchObject({ year: 2030, status: 'draft', judgingStage: null, ceremonyPlace: 'Almaty, Kazakhstan' });
    const opened = await api('POST', `/api/v1/awards/cycles/${created.body.id}/open-nominations`, { token: admin.accessToken });
    expect(opened.body.status).toBe('nominations-open');
    expect((await api('POST', `/api/v1/awards/cycles/${created.body.id}/open-nominations`, { token: admin.accessToken })).body.error.code).toBe('WRONG_STAGE');
  });

  it('start from last year\'s as a template: its rubric, quotas, rules and place, its dates a year on', async () => {
    const template = await api('POST', '/api/v1/awards/cycles', {
      token: admin.accessToken,
      body: { year: 2040, nominationsOpenAt: '2040-02-29T08:00:00Z', nominationsCloseAt: '2040-06-30T08:00:00Z', ceremonyAt: '2040-11-15T12:00:00Z', ceremonyPlace: 'Tashkent, Uzbekistan', finalistsPerCountry: 4, regionalSameCountryConflict: false, rubric: [{ code: 'impact', title: 'Impact', weight: 2 }, { code: 'courage', title: 'Courage', weight: 1 }] },
    });
    const next = await api('POST', '/api/v1/awards/cycles', { token: admin.accessToken, body: { year: 2041, templateCycleId: template.body.id, ceremonyPlace: 'Ulaanbaatar, Mongolia' } });
    expect(next.status).toBe(201);
    const detail = (await api('GET', `/api/v1/awards/cycles/${next.body.id}`)).body;
    expect(detail).toMatchObject({
      year: 2041,
      templateCycleId: template.body.id,
      nominationsOpenAt: '2041-02-28T08:00:00.000Z',
      nominationsCloseAt: '2041-06-30T08:00:00.000Z',
      ceremonyAt: '2041-11-15T12:00:00.000Z',
      ceremonyPlace: 'Ulaanbaatar, Mongolia',
      finalistsPerCountry: 4,
      regionalSameCountryConflict: false,
      rubric: [{ code: 'impact', title: 'Impact', weight: 2 }, { code: 'courage', title: 'Courage', weight: 1 }],
    });
    expect((await api('POST', '/api/v1/awards/cycles', { token: admin.accessToken, body: { year: 2042, templateCycleId: randomUUID() } })).status).toBe(404);
  });
});

describe('nominating', () => {
  it('asks for a verified identity, then takes a nomination in the open cycle and hands back the endorsers\' links', async () => {
    const nominator = await the.the.member({ displayName: 'Unverified' });
    const body = { ...the.national('Steppe Women Network', 'KZ'), evidenceLinks: ['https://example.kz/report-2025'], endorsers: [{ name: 'Gulnara Seitova', email: 'gulnara@example.kz', organization: 'Almaty City Council' }] };
    const refused = await api('POST', `/api/v1/awards/cycles/${cycleId}/nominations`, { token: nominator.accessToken, body });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'VERIFICATION_REQUIRED', message: expect.stringContaining('verified') });

    await publishEvent(platform.scope, 'identity.verification.approved.v1', { accountId: nominator.id, requestId: randomUUID(), kind: 'identity', approvedAt: new Date().toISOString() });
    const made = await the.nominate(nominator, cycleId, body);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ id: expect.any(String), status: 'submitted', endorsementLinks: [{ name: 'Gulnara Seitova', token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) }] });
    const twice = await api('POST', `/api/v1/awards/cycles/${cycleId}/nominations`, { token: nominator.accessToken, body });
    expect(twice.status).toBe(409);

    const mine = await api('GET', '/api/v1/awards/me/nominations', { token: nominator.accessToken });
    expect(mine.body.items).toEqual([expect.objectContaining({ id: made.body.id, year: 2026, role: 'nominator', status: 'submitted', paused: false, nominee: expect.objectContaining({ name: 'Steppe Women Network', country: 'KZ' }) })]);

    // A revoked verification stops her next nomination.
    await publishEvent(platform.scope, 'identity.verification.revoked.v1', { accountId: nominator.id, kind: 'identity', reason: 'legal-name-changed', revokedAt: new Date().toISOString() });
    await eventually(async () => (await api('POST', `/api/v1/awards/cycles/${cycleId}/nominations`, { token: nominator.accessToken, body: the.national('Another Network', 'KZ') })).status === 403);
  });

  it('says clearly what does not fit: a country outside CAREC, a person in the regional category, missing parts, unknown fields', async () => {
    const nominator = await the.verifiedMember();
    await the.nominate(nominator, cycleId, the.national('Warm-up Club', 'UZ'));
    const outside = await api('POST', `/api/v1/awards/cycles/${cycleId}/nominations`, { token: nominator.accessToken, body: the.national('Moscow Women Fund', 'RU') });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details).toEqual([{ field: 'nominee.country', problem: expect.stringContaining('CAREC member code') }]);

    const regionalPerson = await api('POST', `/api/v1/awards/cycles/${cycleId}/nominations`, { token: nominator.accessToken, body: { category: 'regional', nominee: { kind: 'individual', name: 'Aida Bekova', country: 'KZ' }, achievements: ACHIEVEMENTS } });
    expect(regionalPerson.status).toBe(400);
    expect(regionalPerson.body.error.details.map((d: { field: string }) => d.field)).toEqual(['nominee.kind', 'nominee.countries']);

    const missing = await api('POST', `/api/v1/awards/cycles/${cycleId}/nominations`, { token: nominator.accessToken, body: { category: 'national', nominee: { kind: 'individual', country: 'TJ' }, achievements: 'Good work.' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['achievements', 'nominee.name']);

    const unknown = await api('POST', `/api/v1/awards/cycles/${cycleId}/nominations`, { token: nominator.accessToken, body: { ...the.national('Pamir Girls', 'TJ'), prizeMoney: 5000 } });
    expect(unknown.body.error.details).toEqual([{ field: 'prizeMoney', problem: expect.any(String) }]);
    const tooMany = await api('POST', `/api/v1/awards/cycles/${cycleId}/nominations`, { token: nominator.accessToken, body: { ...the.national('Pamir Girls', 'TJ'), endorsers: [1, 2, 3, 4].map((i) => ({ name: `E${i}`, email: `e${i}@example.org` })) } });
    expect(tooMany.body.error.details).toEqual([{ field: 'endorsers', problem: 'must list at most 3 endorsers' }]);
    const self = await api('POST', `/api/v1/awards/cycles/${cycleId}/nominations`, { token: nominator.accessToken, body: the.national('Me', 'UZ', { memberId: nominator.id }, 'individual') });
    expect(self.body.error.code).toBe('SELF_NOMINATION');
    expect(self.status).toBe(422);
    const ghost = await api('POST', `/api/v1/awards/cycles/${cycleId}/nominations`, { token: nominator.accessToken, body: the.national('Ghost', 'UZ', { memberId: randomUUID() }, 'individual') });
    expect(ghost.body.error.details).toEqual([{ field: 'nominee.memberId', problem: expect.stringContaining('not a member') }]);

    const regional = await api('POST', `/api/v1/awards/cycles/${cycleId}/nominations`, { token: nominator.accessToken, body: { category: 'regional', nominee: { kind: 'organization', name: 'Silk Road Women Network', country: 'KZ', countries: ['KZ', 'UZ', 'TJ'] }, achievements: ACHIEVEMENTS, areas: ['workplace', 'community'] } });
    expect(regional.status).toBe(201);
  });

  it('refuses nominations outside the window with NOMINATIONS_CLOSED', async () => {
    const nominator = await the.verifiedMember();
    const future = await api('POST', '/api/v1/awards/cycles', { token: admin.accessToken, body: { year: 2035, nominationsOpenAt: '2035-03-01T00:00:00Z', nominationsCloseAt: '2035-05-01T00:00:00Z' } });
    await the.nominate(nominator, cycleId, the.national('Window Check', 'GE'));
    const early = await api('POST', `/api/v1/awards/cycles/${future.body.id}/nominations`, { token: nominator.accessToken, body: the.national('Too Early', 'GE') });
    expect(early.status).toBe(422);
    expect(early.body.error).toMatchObject({ code: 'NOMINATIONS_CLOSED', message: expect.stringContaining('open on 2035-03-01') });
  });
});

describe('a nominee who is a member', () => {
  it('sees the nomination about her and consents before it goes to judging; nobody else can see it', async () => {
    const nominator = await the.verifiedMember();
    const nominee = await the.the.member({ displayName: 'Madina', country: 'TJ' });
    const made = await eventually(async () => {
      const answer = await the.nominate(nominator, cycleId, the.national('Madina Karimova', 'TJ', { memberId: nominee.id }, 'individual'));
      // Awards learns of her from identity's profile event.
      return answer.status === 400 ? undefined : answer;
    }, 5000);
    expect(made.body.status).toBe('awaiting-consent');

    const hers = await api('GET', '/api/v1/awards/me/nominations', { token: nominee.accessToken });
    expect(hers.body.items).toEqual([expect.objectContaining({ id: made.body.id, role: 'nominee', status: 'awaiting-consent' })]);
    const seen = await api('GET', `/api/v1/awards/nominations/${made.body.id}`, { token: nominee.accessToken });
    expect(seen.body).toMatchObject({ achievements: ACHIEVEMENTS, screening: null });
    expect(JSON.stringify(seen.body)).not.toContain(nominator.id);

    const stranger = await the.the.member();
    expect((await api('GET', `/api/v1/awards/nominations/${made.body.id}`, { token: stranger.accessToken })).status).toBe(404);
    expect((await api('POST', `/api/v1/awards/nominations/${made.body.id}/consent`, { token: stranger.accessToken, body: { consent: true } })).status).toBe(404);
    expect((await api('POST', `/api/v1/awards/nominations/${made.body.id}/consent`, { token: nominator.accessToken, body: { consent: true } })).status).toBe(403);

    const consent = await api('POST', `/api/v1/awards/nominations/${made.body.id}/consent`, { token: nominee.accessToken, body: { consent: true } });
    expect(consent.status).toBe(200);
    expect(consent.body.status).toBe('submitted');
    expect((await api('POST', `/api/v1/awards/nominations/${made.body.id}/consent`, { token: nominee.accessToken, body: { consent: false } })).body.error.code).toBe('ALREADY_ANSWERED');
  });

  it('who declines ends the nomination', async () => {
    const nominator = await the.verifiedMember();
    const nominee = await the.the.member({ country: 'MN' });
    const made = await eventually(async () => {
      const answer = await the.nominate(nominator, cycleId, the.national('Oyun Bat', 'MN', { memberId: nominee.id }, 'individual'));
      return answer.status === 400 ? undefined : answer;
    }, 5000);
    await api('POST', `/api/v1/awards/nominations/${made.body.id}/consent`, { token: nominee.accessToken, body: { consent: false } });
    expect((await api('GET', `/api/v1/awards/nominations/${made.body.id}`, { token: nominator.accessToken })).body.status).toBe('declined');
  });
});

describe('endorsements', () => {
  it('are confirmed once through the link, without an account, and the nominator sees it', async () => {
    const nominator = await the.verifiedMember();
    const made = await the.nominate(nominator, cycleId, { ...the.national('Kyrgyz Girls Forum', 'KG'), endorsers: [{ name: 'Ainura Toktosunova', email: 'ainura@example.kg' }, { name: 'Bermet Asanova', email: 'bermet@example.kg' }] });
    const [first, second] = made.body.endorsementLinks as { token: string }[];
    const view = await api('GET', `/api/v1/awards/endorsements/${first.token}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ endorserName: 'Ainura Toktosunova', status: 'requested', open: true, year: 2026, nominee: { name: 'Kyrgyz Girls Forum', country: 'KG' }, achievements: ACHIEVEMENTS });
    const confirmed = await api('POST', `/api/v1/awards/endorsements/${first.token}`, { body: { decision: 'confirm', statement: 'I have worked beside them for five years.' } });
    expect(confirmed.body).toMatchObject({ status: 'confirmed', open: false });
    const twice = await api('POST', `/api/v1/awards/endorsements/${first.token}`, { body: { decision: 'decline' } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ALREADY_ANSWERED');
    await api('POST', `/api/v1/awards/endorsements/${second.token}`, { body: { decision: 'decline' } });

    const seen = await api('GET', `/api/v1/awards/nominations/${made.body.id}`, { token: nominator.accessToken });
    expect(seen.body.endorsements).toEqual([
      expect.objectContaining({ name: 'Ainura Toktosunova', status: 'confirmed', statement: 'I have worked beside them for five years.' }),
      expect.objectContaining({ name: 'Bermet Asanova', status: 'declined' }),
    ]);
    expect(JSON.stringify(seen.body)).not.toContain('ainura@example.kg');

    expect((await api('GET', `/api/v1/awards/endorsements/${'x'.repeat(43)}`)).status).toBe(404);
    expect((await api('GET', '/api/v1/awards/endorsements/short')).status).toBe(400);
  });
});

describe('evidence files', () => {
  it('are PDFs or images read from their bytes, downloadable by those who may see the nomination', async () => {
    const nominator = await the.verifiedMember();
    const made = await the.nominate(nominator, cycleId, the.national('Tbilisi Women Coders', 'GE'));
    const stored = await upload(nominator.accessToken, made.body.id, PDF, 'annual report 2025.pdf', 'application/pdf');
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ filename: 'annual report 2025.pdf', contentType: 'application/pdf', size: PDF.length });

    const disguised = await upload(nominator.accessToken, made.body.id, Buffer.from('<html><script>alert(1)</script></html>'), 'report.pdf', 'application/pdf');
    expect(disguised.status).toBe(415);
    const stranger = await the.the.member();
    expect((await upload(stranger.accessToken, made.body.id, PDF, 'x.pdf', 'application/pdf')).status).toBe(404);

    const download = await fetch(`${platform.baseUrl}/api/v1/awards/nominations/${made.body.id}/evidence/${stored.body.id}`, { headers: { authorization: `Bearer ${nominator.accessToken}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('attachment');
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
    expect((await api('GET', `/api/v1/awards/nominations/${made.body.id}/evidence/${stored.body.id}`, { token: stranger.accessToken })).status).toBe(404);
    const listed = await api('GET', `/api/v1/awards/nominations/${made.body.id}`, { token: admin.accessToken });
    expect(listed.body.evidenceFiles).toEqual([expect.objectContaining({ id: stored.body.id, filename: 'annual report 2025.pdf' })]);
  });
});

describe('withdrawal and sanctions', () => {
  it('lets the nominator withdraw her nomination', async () => {
    const nominator = await the.verifiedMember();
    const made = await the.nominate(nominator, cycleId, the.national('Withdrawn Group', 'PK'));
    const withdrawn = await api('POST', `/api/v1/awards/nominations/${made.body.id}/withdraw`, { token: nominator.accessToken });
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await api('POST', `/api/v1/awards/nominations/${made.body.id}/withdraw`, { token: admin.accessToken })).status).toBe(403);
  });

  it('pauses a nomination while its nominator is suspended, and un-pauses it when the suspension is overturned; a warning pauses nothing', async () => {
    const nominator = await the.verifiedMember();
    const made = await the.nominate(nominator, cycleId, the.national('Paused Collective', 'AZ'));
    const pausedOf = async () => (await api('GET', `/api/v1/awards/cycles/${cycleId}/nominations?country=AZ`, { token: admin.accessToken })).body.items.find((n: { id: string }) => n.id === made.body.id).paused as boolean;
    const sanction = { accountId: nominator.id, guideline: 'respect' as const, statement: 'Insulted another member.', startsAt: new Date().toISOString(), caseId: null };

    await publishEvent(platform.scope, 'trust-safety.sanction.imposed.v1', { ...sanction, sanctionId: randomUUID(), kind: 'warning', endsAt: null });
    const suspension = randomUUID();
    await publishEvent(platform.scope, 'trust-safety.sanction.imposed.v1', { ...sanction, sanctionId: suspension, kind: 'suspension', endsAt: new Date(Date.now() + 7 * DAY).toISOString() });
    await eventually(async () => (await pausedOf()) === true);
    const seen = await api('GET', `/api/v1/awards/nominations/${made.body.id}`, { token: admin.accessToken });
    expect(seen.body.paused).toBe(true);

    await publishEvent(platform.scope, 'trust-safety.sanction.lifted.v1', { sanctionId: suspension, accountId: nominator.id, reason: 'overturned', liftedAt: new Date().toISOString() });
    await eventually(async () => (await pausedOf()) === false);
  });

  it('takes a lift that arrives before its suspension: nothing paused, and her export names the suspension as imposed', async () => {
    const nominator = await the.verifiedMember();
    const made = await the.nominate(nominator, cycleId, the.national('Early Lift Circle', 'AZ'));
    const suspension = randomUUID();
    const endsAt = new Date(Date.now() + 7 * DAY).toISOString();
    const liftedAt = new Date().toISOString();
    const held = async () => ((await api('GET', '/api/v1/me/export', { token: nominator.accessToken })).body.services.awards.member.sanctions as { sanctionId: string; kind: string }[]).find((s) => s.sanctionId === suspension);
    await publishEvent(platform.scope, 'trust-safety.sanction.lifted.v1', { sanctionId: suspension, accountId: nominator.id, reason: 'overturned', liftedAt });
    // The lift is applied first (the two subjects have consumers of their own, so publishing in order is not enough).
    await eventually(held);
    await publishEvent(platform.scope, 'trust-safety.sanction.imposed.v1', {
      accountId: nominator.id, guideline: 'respect', statement: 'Insulted another member.', startsAt: new Date().toISOString(), caseId: null, sanctionId: suspension, kind: 'suspension', endsAt,
    });
    expect(await eventually(async () => ((await held())?.kind === 'unknown' ? undefined : held()))).toEqual({ sanctionId: suspension, kind: 'suspension', endsAt: new Date(endsAt).toISOString(), liftedAt: new Date(liftedAt).toISOString() });
    expect((await api('GET', `/api/v1/awards/nominations/${made.body.id}`, { token: admin.accessToken })).body.paused).toBe(false);
  });

  it('ends nominations about a member who deletes her account, before their cycle is published', async () => {
    const nominator = await the.verifiedMember();
    const nominee = await the.the.member({ country: 'TM' });
    const made = await eventually(async () => {
      const answer = await the.nominate(nominator, cycleId, the.national('Ogulgerek Annayeva', 'TM', { memberId: nominee.id }, 'individual'));
      return answer.status === 400 ? undefined : answer;
    }, 5000);
    expect((await api('DELETE', '/api/v1/me', { token: nominee.accessToken, body: { password: nominee.password } })).status).toBe(204);
    await eventually(async () => {
      const seen = await api('GET', `/api/v1/awards/nominations/${made.body.id}`, { token: nominator.accessToken });
      return seen.body.status === 'withdrawn' && seen.body.nominee.memberId === null;
    });
  });

  it('closes the window when an awards-admin closes nominations early', async () => {
    const nominator = await the.verifiedMember();
    const early = await api('POST', '/api/v1/awards/cycles', { token: admin.accessToken, body: { year: 2027, nominationsOpenAt: new Date(Date.now() - DAY).toISOString(), nominationsCloseAt: new Date(Date.now() + DAY).toISOString() } });
    const made = await the.nominate(nominator, early.body.id, the.national('On Time', 'CN'));
    expect(made.status).toBe(201);
    const closed = await api('POST', `/api/v1/awards/cycles/${early.body.id}/close-nominations`, { token: admin.accessToken });
    expect(closed.body).toMatchObject({ status: 'judging', judgingStage: 'screening' });
    const late = await api('POST', `/api/v1/awards/cycles/${early.body.id}/nominations`, { token: nominator.accessToken, body: the.national('Too Late', 'CN') });
    expect(late.body.error.code).toBe('NOMINATIONS_CLOSED');
    expect((await upload(nominator.accessToken, made.body.id, PDF, 'late.pdf', 'application/pdf')).body.error.code).toBe('NOMINATIONS_CLOSED');
  });
});
