/**
 * Every gateway route × every kind of caller → the expected status, from one table. A route in the
 * OpenAPI document without a row here fails the build, so a new route cannot ship unconsidered.
 * Routes that take an id are also probed with another member's id.
 */
import { randomBytes } from 'node:crypto';
import { eventually } from '@weop/testing';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

type Caller = 'anonymous' | 'member' | 'admin' | 'suspended';
const CALLERS: Caller[] = ['anonymous', 'member', 'admin', 'suspended'];

interface Actor extends Partial<SignedIn> {
  kind: Caller;
}

interface Probe {
  path: string;
  body?: unknown;
  /** A token of its own, for calls that spend the one they are made with (logout). */
  token?: string;
}

interface Row {
  method: string;
  route: string;
  /** Builds the call for this caller (fresh data where the call consumes it). */
  probe: (actor: Actor, ctx: Context) => Promise<Probe> | Probe;
  expect: Record<Caller, number>;
  /** The same call aimed at another member's object, and what each signed-in caller gets. */
  otherMember?: { probe: (actor: Actor, ctx: Context) => Probe; expect: Partial<Record<Caller, number>> };
}

interface Context {
  api: Api;
  the: ReturnType<typeof given>;
  other: SignedIn;
  otherSessionId: string;
  freshActor(kind: Caller): Promise<Actor>;
  /** Published items of `other`, one per content type, and a comment and a reply of hers. */
  otherItems: Record<ContentKind, string>;
  otherComment: { blog: string; discussion: string };
  /** A new item of the caller's own (or, for callers who cannot write, one of `other`'s). */
  ownItem(actor: Actor, kind: ContentKind, draft?: boolean): Promise<string>;
  adminToken: string;
}

type ContentKind = 'blog' | 'publication' | 'job' | 'resource' | 'event' | 'discussion';
const PATHS: Record<ContentKind, string> = { blog: 'blogs', publication: 'publications', job: 'jobs', resource: 'resources', event: 'events', discussion: 'discussions' };
const inAWeek = (hours = 0): string => new Date(Date.now() + 7 * 86_400_000 + hours * 3_600_000).toISOString();
const CREATE: Record<Exclude<ContentKind, 'publication'>, () => Record<string, unknown>> = {
  blog: () => ({ title: 'Matrix blog', body: 'Matrix text', originalityAttested: true }),
  job: () => ({ title: 'Matrix job', organization: 'Matrix NGO', country: 'KZ', description: 'A job.', howToApply: 'Write to hr@matrix-ngo.org' }),
  resource: () => ({ title: 'Matrix toolkit', description: 'A toolkit.', kind: 'toolkit', url: 'https://example.org/toolkit' }),
  event: () => ({ title: 'Matrix webinar', description: 'A webinar.', kind: 'webinar', startsAt: inAWeek(), endsAt: inAWeek(1), timeZone: 'Asia/Almaty', online: true, link: 'https://meet.example.org/m', capacity: 100 }),
  discussion: () => ({ title: 'Matrix thread', body: 'A question.', topic: 'matrix' }),
};
const UPDATE: Record<ContentKind, Record<string, unknown>> = {
  blog: { title: 'Matrix blog, edited' },
  publication: { title: 'Matrix publication, edited' },
  job: { title: 'Matrix job, edited' },
  resource: { title: 'Matrix toolkit, edited' },
  event: { title: 'Matrix webinar, edited' },
  discussion: { title: 'Matrix thread, edited' },
};

/** A tiny complete PDF, enough for content's type check. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

async function uploadPublication(baseUrl: string, token: string, draft = false): Promise<string> {
  const form = new FormData();
  for (const [k, v] of Object.entries({ title: 'Matrix publication', authors: 'A. Author', abstract: 'An abstract.', year: '2024', licence: 'CC-BY-4.0', rightsAttested: 'true', draft: String(draft) })) form.append(k, v);
  form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'matrix.pdf');
  const answer = await fetch(`${baseUrl}/api/v1/publications`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  if (answer.status !== 201) throw new Error(`publication upload failed: ${answer.status} ${await answer.text()}`);
  return ((await answer.json()) as { id: string }).id;
}

/** The routes every content type shares, with who may call them. */
function contentRows(kind: ContentKind): Row[] {
  const base = `/api/v1/${PATHS[kind]}`;
  const mayWrite = (a: Actor): boolean => a.kind === 'member' || a.kind === 'admin';
  const signedInRead = kind === 'discussion';
  const readList = signedInRead ? 401 : 200;
  const readOne = signedInRead ? 404 : 200;
  // Discussions are posted live; there is no draft of one to publish.
  const publishOwn = kind === 'discussion' ? 422 : 200;
  const rows: Row[] = [
    { method: 'GET', route: base, probe: () => ({ path: base }), expect: { anonymous: readList, member: 200, admin: 200, suspended: 403 } },
    { method: 'GET', route: `${base}/{id}`, probe: (_a, ctx) => ({ path: `${base}/${ctx.otherItems[kind]}` }), expect: { anonymous: readOne, member: 200, admin: 200, suspended: 403 } },
    {
      method: 'PATCH', route: `${base}/{id}`,
      probe: async (a, ctx) => ({ path: `${base}/${await ctx.ownItem(a, kind)}`, body: UPDATE[kind] }),
      expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 },
      // Only the author edits her words; staff act in other ways (unpublish, remove, review).
      otherMember: { probe: (_a, ctx) => ({ path: `${base}/${ctx.otherItems[kind]}`, body: UPDATE[kind] }), expect: { member: 403, admin: 403 } },
    },
    {
      method: 'DELETE', route: `${base}/{id}`,
      probe: async (a, ctx) => ({ path: `${base}/${await ctx.ownItem(a, kind)}` }),
      expect: { anonymous: 401, member: 204, admin: 204, suspended: 403 },
      otherMember: { probe: (_a, ctx) => ({ path: `${base}/${ctx.otherItems[kind]}` }), expect: { member: 403 } },
    },
    {
      method: 'POST', route: `${base}/{id}/publish`,
      probe: async (a, ctx) => ({ path: `${base}/${await ctx.ownItem(a, kind, true)}/publish`, body: { originalityAttested: true, rightsAttested: true } }),
      expect: { anonymous: 401, member: publishOwn, admin: publishOwn, suspended: 403 },
    },
    {
      method: 'POST', route: `${base}/{id}/unpublish`,
      probe: async (a, ctx) => ({ path: `${base}/${await ctx.ownItem(a, kind)}/unpublish` }),
      expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 },
      otherMember: { probe: (_a, ctx) => ({ path: `${base}/${ctx.otherItems[kind]}/unpublish` }), expect: { member: 403 } },
    },
    {
      method: 'PUT', route: `${base}/{id}/reactions/{kind}`,
      probe: (_a, ctx) => ({ path: `${base}/${ctx.otherItems[kind]}/reactions/like` }),
      expect: { anonymous: 401, member: 204, admin: 204, suspended: 403 },
    },
    {
      method: 'DELETE', route: `${base}/{id}/reactions/{kind}`,
      probe: (_a, ctx) => ({ path: `${base}/${ctx.otherItems[kind]}/reactions/like` }),
      expect: { anonymous: 401, member: 204, admin: 204, suspended: 403 },
    },
  ];
  if (kind === 'publication') {
    rows.push({ method: 'POST', route: base, probe: () => ({ path: base, body: {} }), expect: { anonymous: 401, member: 415, admin: 415, suspended: 403 } });
  } else {
    rows.push({ method: 'POST', route: base, probe: () => ({ path: base, body: CREATE[kind]() }), expect: { anonymous: 401, member: 201, admin: 201, suspended: 403 } });
  }
  if (kind === 'blog' || kind === 'discussion') {
    const segment = kind === 'blog' ? 'comments' : 'replies';
    rows.push(
      { method: 'POST', route: `${base}/{id}/${segment}`, probe: (_a, ctx) => ({ path: `${base}/${ctx.otherItems[kind]}/${segment}`, body: { body: 'Matrix comment' } }), expect: { anonymous: 401, member: 201, admin: 201, suspended: 403 } },
      { method: 'GET', route: `${base}/{id}/${segment}`, probe: (_a, ctx) => ({ path: `${base}/${ctx.otherItems[kind]}/${segment}` }), expect: { anonymous: readOne, member: 200, admin: 200, suspended: 403 } },
      {
        method: 'DELETE', route: `${base}/{id}/${segment}/{commentId}`,
        probe: async (a, ctx) => {
          if (!mayWrite(a)) return { path: `${base}/${ctx.otherItems[kind]}/${segment}/${ctx.otherComment[kind]}` };
          const made = await ctx.api('POST', `${base}/${ctx.otherItems[kind]}/${segment}`, { token: a.accessToken, body: { body: 'Mine, to delete' } });
          return { path: `${base}/${ctx.otherItems[kind]}/${segment}/${made.body.id}` };
        },
        expect: { anonymous: 401, member: 204, admin: 204, suspended: 403 },
        otherMember: { probe: (_a, ctx) => ({ path: `${base}/${ctx.otherItems[kind]}/${segment}/${ctx.otherComment[kind]}` }), expect: { member: 403 } },
      },
    );
  }
  if (kind === 'publication' || kind === 'resource') {
    rows.push({ method: 'GET', route: `${base}/{id}/file`, probe: (_a, ctx) => ({ path: `${base}/${ctx.otherItems[kind]}/file` }), expect: { anonymous: 200, member: 200, admin: 200, suspended: 403 } });
  }
  return rows;
}

const CONTENT_ROWS: Row[] = [
  ...(['blog', 'publication', 'job', 'resource', 'event', 'discussion'] as const).flatMap(contentRows),
  {
    method: 'POST', route: '/api/v1/jobs/{id}/close',
    // Only a published job can be closed: her new one is approved first.
    probe: async (a, ctx) => {
      const job = await ctx.ownItem(a, 'job');
      await ctx.api('POST', `/api/v1/moderation/jobs/${job}/review`, { token: ctx.adminToken, body: { decision: 'approve' } });
      return { path: `/api/v1/jobs/${job}/close` };
    },
    expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 },
    otherMember: { probe: (_a, ctx) => ({ path: `/api/v1/jobs/${ctx.otherItems.job}/close` }), expect: { member: 403 } },
  },
  { method: 'GET', route: '/api/v1/moderation/jobs', probe: () => ({ path: '/api/v1/moderation/jobs' }), expect: { anonymous: 401, member: 403, admin: 200, suspended: 403 } },
  {
    method: 'POST', route: '/api/v1/moderation/jobs/{id}/review',
    probe: async (_a, ctx) => {
      const job = await ctx.api('POST', '/api/v1/jobs', { token: ctx.other.accessToken, body: CREATE.job() });
      return { path: `/api/v1/moderation/jobs/${job.body.id}/review`, body: { decision: 'approve' } };
    },
    expect: { anonymous: 401, member: 403, admin: 200, suspended: 403 },
  },
  {
    method: 'POST', route: '/api/v1/events/{id}/registrations',
    probe: async (_a, ctx) => ({ path: `/api/v1/events/${await ctx.ownItem({ kind: 'suspended' }, 'event')}/registrations` }),
    expect: { anonymous: 401, member: 201, admin: 201, suspended: 403 },
  },
  {
    method: 'DELETE', route: '/api/v1/events/{id}/registrations/me',
    probe: async (a, ctx) => {
      const event = await ctx.ownItem({ kind: 'suspended' }, 'event');
      if (a.accessToken && a.kind !== 'suspended') await ctx.api('POST', `/api/v1/events/${event}/registrations`, { token: a.accessToken });
      return { path: `/api/v1/events/${event}/registrations/me` };
    },
    expect: { anonymous: 401, member: 204, admin: 204, suspended: 403 },
  },
  {
    method: 'GET', route: '/api/v1/events/{id}/registrations',
    probe: async (a, ctx) => ({ path: `/api/v1/events/${await ctx.ownItem(a, 'event')}/registrations` }),
    expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 },
    otherMember: { probe: (_a, ctx) => ({ path: `/api/v1/events/${ctx.otherItems.event}/registrations` }), expect: { member: 403, admin: 200 } },
  },
  {
    method: 'POST', route: '/api/v1/events/{id}/cancel',
    probe: async (a, ctx) => ({ path: `/api/v1/events/${await ctx.ownItem(a, 'event')}/cancel` }),
    expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 },
    otherMember: { probe: (_a, ctx) => ({ path: `/api/v1/events/${ctx.otherItems.event}/cancel` }), expect: { member: 403 } },
  },
  { method: 'GET', route: '/api/v1/search', probe: () => ({ path: '/api/v1/search?q=matrix' }), expect: { anonymous: 200, member: 200, admin: 200, suspended: 403 } },
  { method: 'GET', route: '/api/v1/authors/{id}/content', probe: (_a, ctx) => ({ path: `/api/v1/authors/${ctx.other.id}/content` }), expect: { anonymous: 200, member: 200, admin: 200, suspended: 403 } },
  {
    method: 'POST', route: '/api/v1/reports',
    probe: (_a, ctx) => ({ path: '/api/v1/reports', body: { subject: { type: 'blog', id: ctx.otherItems.blog }, guideline: 'respect' } }),
    expect: { anonymous: 401, member: 202, admin: 202, suspended: 403 },
  },
  { method: 'GET', route: '/api/v1/me/reports', probe: () => ({ path: '/api/v1/me/reports' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  // The guidelines are public, even to a suspended member (she must be able to read what she is accused of).
  { method: 'GET', route: '/api/v1/guidelines', probe: () => ({ path: '/api/v1/guidelines' }), expect: { anonymous: 200, member: 200, admin: 200, suspended: 200 } },
  { method: 'GET', route: '/api/v1/guidelines/{code}', probe: () => ({ path: '/api/v1/guidelines/respect' }), expect: { anonymous: 200, member: 200, admin: 200, suspended: 200 } },
  // Transparency statistics are for staff: a member (or a suspended one) gets 403, never the figures.
  { method: 'GET', route: '/api/v1/moderation/stats', probe: () => ({ path: '/api/v1/moderation/stats?from=2025-01-01&to=2025-12-31' }), expect: { anonymous: 401, member: 403, admin: 200, suspended: 403 } },
  { method: 'GET', route: '/api/v1/moderation/cases', probe: () => ({ path: '/api/v1/moderation/cases' }), expect: { anonymous: 401, member: 403, admin: 200, suspended: 403 } },
  {
    method: 'GET', route: '/api/v1/moderation/cases/{id}',
    probe: () => ({ path: '/api/v1/moderation/cases/00000000-0000-4000-8000-000000000000' }),
    expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 },
  },
  {
    method: 'POST', route: '/api/v1/moderation/cases/{id}/decisions',
    probe: () => ({ path: '/api/v1/moderation/cases/00000000-0000-4000-8000-000000000000/decisions', body: { action: 'dismiss', guideline: 'respect', statement: 'Matrix' } }),
    expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 },
  },
  {
    method: 'POST', route: '/api/v1/moderation/cases/{id}/claim',
    probe: () => ({ path: '/api/v1/moderation/cases/00000000-0000-4000-8000-000000000000/claim' }),
    expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 },
  },
  {
    method: 'POST', route: '/api/v1/moderation/cases/{id}/release',
    probe: () => ({ path: '/api/v1/moderation/cases/00000000-0000-4000-8000-000000000000/release' }),
    expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 },
  },
  {
    method: 'GET', route: '/api/v1/moderation/members/{id}/history',
    probe: (_a, ctx) => ({ path: `/api/v1/moderation/members/${ctx.other.id}/history` }),
    expect: { anonymous: 401, member: 403, admin: 200, suspended: 403 },
  },
  { method: 'GET', route: '/api/v1/moderation/appeals', probe: () => ({ path: '/api/v1/moderation/appeals' }), expect: { anonymous: 401, member: 403, admin: 200, suspended: 403 } },
  {
    method: 'POST', route: '/api/v1/moderation/appeals/{id}/decision',
    probe: () => ({ path: '/api/v1/moderation/appeals/00000000-0000-4000-8000-000000000000/decision', body: { outcome: 'upheld', statement: 'Matrix' } }),
    expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 },
  },
  // Verification: a JSON body is refused before any file is read (multipart only).
  { method: 'POST', route: '/api/v1/verification/requests', probe: () => ({ path: '/api/v1/verification/requests', body: { kind: 'identity' } }), expect: { anonymous: 401, member: 415, admin: 415, suspended: 403 } },
  { method: 'POST', route: '/api/v1/verification/requests/{id}/resubmission', probe: () => ({ path: '/api/v1/verification/requests/00000000-0000-4000-8000-000000000000/resubmission', body: { kind: 'identity' } }), expect: { anonymous: 401, member: 415, admin: 415, suspended: 403 } },
  { method: 'GET', route: '/api/v1/me/verification', probe: () => ({ path: '/api/v1/me/verification' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  { method: 'GET', route: '/api/v1/verification/queue', probe: () => ({ path: '/api/v1/verification/queue' }), expect: { anonymous: 401, member: 403, admin: 200, suspended: 403 } },
  { method: 'GET', route: '/api/v1/verification/requests/{id}', probe: () => ({ path: '/api/v1/verification/requests/00000000-0000-4000-8000-000000000000' }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'POST', route: '/api/v1/verification/requests/{id}/claim', probe: () => ({ path: '/api/v1/verification/requests/00000000-0000-4000-8000-000000000000/claim' }), expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 } },
  { method: 'GET', route: '/api/v1/verification/requests/{id}/files/{slot}', probe: () => ({ path: '/api/v1/verification/requests/00000000-0000-4000-8000-000000000000/files/selfie' }), expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 } },
  { method: 'GET', route: '/api/v1/verification/requests/{id}/access-log', probe: () => ({ path: '/api/v1/verification/requests/00000000-0000-4000-8000-000000000000/access-log' }), expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 } },
  {
    method: 'POST', route: '/api/v1/verification/requests/{id}/decision',
    probe: () => ({ path: '/api/v1/verification/requests/00000000-0000-4000-8000-000000000000/decision', body: { outcome: 'approved', reason: '' } }),
    expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 },
  },
  { method: 'POST', route: '/api/v1/verification/organizations', probe: () => ({ path: '/api/v1/verification/organizations', body: { name: 'x' } }), expect: { anonymous: 401, member: 415, admin: 415, suspended: 403 } },
  { method: 'POST', route: '/api/v1/verification/organizations/{id}/email-confirmation', probe: () => ({ path: '/api/v1/verification/organizations/00000000-0000-4000-8000-000000000000/email-confirmation', body: { code: '123456' } }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'POST', route: '/api/v1/verification/organizations/{id}/email-code', probe: () => ({ path: '/api/v1/verification/organizations/00000000-0000-4000-8000-000000000000/email-code' }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'GET', route: '/api/v1/organizations/{id}', probe: () => ({ path: '/api/v1/organizations/00000000-0000-4000-8000-000000000000' }), expect: { anonymous: 404, member: 404, admin: 404, suspended: 403 } },
  { method: 'POST', route: '/api/v1/verification/organizations/{id}/claim', probe: () => ({ path: '/api/v1/verification/organizations/00000000-0000-4000-8000-000000000000/claim' }), expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 } },
  { method: 'GET', route: '/api/v1/verification/organizations/{id}/files/{slot}', probe: () => ({ path: '/api/v1/verification/organizations/00000000-0000-4000-8000-000000000000/files/registrationCertificate' }), expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 } },
  { method: 'POST', route: '/api/v1/verification/organizations/{id}/decision', probe: () => ({ path: '/api/v1/verification/organizations/00000000-0000-4000-8000-000000000000/decision', body: { outcome: 'approved', reason: '' } }), expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 } },
  { method: 'POST', route: '/api/v1/organizations/{id}/members', probe: (_a, ctx) => ({ path: '/api/v1/organizations/00000000-0000-4000-8000-000000000000/members', body: { memberId: ctx.other.id } }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'DELETE', route: '/api/v1/organizations/{id}/members/{memberId}', probe: (_a, ctx) => ({ path: `/api/v1/organizations/00000000-0000-4000-8000-000000000000/members/${ctx.other.id}` }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  // Open while restricted: a sanctioned member must be able to read her sanctions and appeal them.
  { method: 'GET', route: '/api/v1/me/sanctions', probe: () => ({ path: '/api/v1/me/sanctions' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 200 } },
  {
    method: 'POST', route: '/api/v1/sanctions/{id}/appeals',
    probe: () => ({ path: '/api/v1/sanctions/00000000-0000-4000-8000-000000000000/appeals', body: { text: 'Matrix' } }),
    expect: { anonymous: 401, member: 404, admin: 404, suspended: 404 },
  },
];

/**
 * Awards: public champions, cycles and endorsement links (open even to a suspended member's token, as
 * public pages are); awards-admin routes (the platform admin acts as one); member routes; judge routes
 * (the judge role only: an admin does not judge). Ids nobody holds answer 404 where the caller may ask.
 */
const MATRIX_AWARDS = { openCycle: undefined as Promise<string> | undefined, year: 2090 };
const NOBODY = '00000000-0000-4000-8000-000000000000';
const HOUR_MS = 3_600_000;
const awardsCycle = (ctx: Context): Promise<string> =>
  (MATRIX_AWARDS.openCycle ??= newCycle(ctx, new Date(Date.now() - HOUR_MS), new Date(Date.now() + 7 * 24 * HOUR_MS)));
async function newCycle(ctx: Context, openAt: Date, closeAt: Date): Promise<string> {
  const made = await ctx.api('POST', '/api/v1/awards/cycles', { token: ctx.adminToken, body: { year: MATRIX_AWARDS.year++, nominationsOpenAt: openAt.toISOString(), nominationsCloseAt: closeAt.toISOString() } });
  if (made.status !== 201) throw new Error(`award cycle failed: ${made.status} ${JSON.stringify(made.body)}`);
  return made.body.id as string;
}
const canRun = (a: Actor): boolean => a.kind === 'admin';
const ADMIN_ONLY = { anonymous: 401, member: 403, admin: 200, suspended: 403 };
const JUDGE_ONLY = { anonymous: 401, member: 403, admin: 403, suspended: 403 };
const SIGNED_IN_404 = { anonymous: 401, member: 404, admin: 404, suspended: 403 };
const PUBLIC_200 = { anonymous: 200, member: 200, admin: 200, suspended: 200 };
const cyclePath = async (ctx: Context, rest = ''): Promise<string> => `/api/v1/awards/cycles/${await awardsCycle(ctx)}${rest}`;

const AWARDS_ROWS: Row[] = [
  { method: 'GET', route: '/api/v1/awards/champions', probe: () => ({ path: '/api/v1/awards/champions?year=2023' }), expect: PUBLIC_200 },
  { method: 'GET', route: '/api/v1/awards/cycles', probe: () => ({ path: '/api/v1/awards/cycles' }), expect: PUBLIC_200 },
  { method: 'GET', route: '/api/v1/awards/cycles/{id}', probe: async (_a, ctx) => ({ path: await cyclePath(ctx) }), expect: PUBLIC_200 },
  {
    method: 'POST', route: '/api/v1/awards/cycles',
    probe: () => ({ path: '/api/v1/awards/cycles', body: { year: MATRIX_AWARDS.year++, nominationsOpenAt: '2099-03-01T00:00:00Z', nominationsCloseAt: '2099-05-01T00:00:00Z' } }),
    expect: { ...ADMIN_ONLY, admin: 201 },
  },
  { method: 'PATCH', route: '/api/v1/awards/cycles/{id}', probe: async (_a, ctx) => ({ path: await cyclePath(ctx), body: { ceremonyPlace: 'Matrix City' } }), expect: ADMIN_ONLY },
  {
    method: 'POST', route: '/api/v1/awards/cycles/{id}/open-nominations',
    // A draft cycle of the admin's own, which she may open early.
    probe: async (a, ctx) => ({ path: canRun(a) ? `/api/v1/awards/cycles/${await newCycle(ctx, new Date(Date.now() + 24 * HOUR_MS), new Date(Date.now() + 48 * HOUR_MS))}/open-nominations` : await cyclePath(ctx, '/open-nominations') }),
    expect: ADMIN_ONLY,
  },
  {
    method: 'POST', route: '/api/v1/awards/cycles/{id}/close-nominations',
    probe: async (a, ctx) => ({ path: canRun(a) ? `/api/v1/awards/cycles/${await newCycle(ctx, new Date(Date.now() - HOUR_MS), new Date(Date.now() + HOUR_MS))}/close-nominations` : await cyclePath(ctx, '/close-nominations') }),
    expect: ADMIN_ONLY,
  },
  // Nominations are still open: the jury cannot start, judging cannot close, nothing can be published (422 WRONG_STAGE).
  { method: 'POST', route: '/api/v1/awards/cycles/{id}/start-jury', probe: async (_a, ctx) => ({ path: await cyclePath(ctx, '/start-jury') }), expect: { ...ADMIN_ONLY, admin: 422 } },
  { method: 'POST', route: '/api/v1/awards/cycles/{id}/close-judging', probe: async (_a, ctx) => ({ path: await cyclePath(ctx, '/close-judging') }), expect: { ...ADMIN_ONLY, admin: 422 } },
  { method: 'POST', route: '/api/v1/awards/cycles/{id}/publish', probe: async (_a, ctx) => ({ path: await cyclePath(ctx, '/publish'), body: { citations: [] } }), expect: { ...ADMIN_ONLY, admin: 422 } },
  { method: 'GET', route: '/api/v1/awards/cycles/{id}/results', probe: async (_a, ctx) => ({ path: await cyclePath(ctx, '/results') }), expect: ADMIN_ONLY },
  { method: 'GET', route: '/api/v1/awards/cycles/{id}/audit', probe: async (_a, ctx) => ({ path: await cyclePath(ctx, '/audit') }), expect: ADMIN_ONLY },
  { method: 'GET', route: '/api/v1/awards/cycles/{id}/nominations', probe: async (_a, ctx) => ({ path: await cyclePath(ctx, '/nominations') }), expect: ADMIN_ONLY },
  {
    method: 'POST', route: '/api/v1/awards/cycles/{id}/judges',
    probe: async (_a, ctx) => ({ path: await cyclePath(ctx, '/judges'), body: { accountId: ctx.other.id, tier: 'national', country: 'KZ' } }),
    expect: { ...ADMIN_ONLY, admin: 201 },
  },
  { method: 'GET', route: '/api/v1/awards/cycles/{id}/judges', probe: async (_a, ctx) => ({ path: await cyclePath(ctx, '/judges') }), expect: ADMIN_ONLY },
  {
    method: 'DELETE', route: '/api/v1/awards/cycles/{id}/judges/{seatId}',
    // The admin seats herself, then ends the seat.
    probe: async (a, ctx) => {
      if (!canRun(a)) return { path: await cyclePath(ctx, `/judges/${NOBODY}`) };
      const seated = await ctx.api('POST', await cyclePath(ctx, '/judges'), { token: a.accessToken, body: { accountId: a.id, tier: 'regional', country: 'GE' } });
      return { path: await cyclePath(ctx, `/judges/${seated.body.id}`) };
    },
    expect: { ...ADMIN_ONLY, admin: 204 },
  },
  // Only a member whose identity is verified nominates; nobody in this table is.
  {
    method: 'POST', route: '/api/v1/awards/cycles/{id}/nominations',
    probe: async (_a, ctx) => ({ path: await cyclePath(ctx, '/nominations'), body: { category: 'national', nominee: { kind: 'organization', name: 'Matrix Network', country: 'KZ' }, achievements: 'Trained two hundred women in digital skills across four districts of the region.' } }),
    expect: { anonymous: 401, member: 403, admin: 403, suspended: 403 },
  },
  { method: 'GET', route: '/api/v1/awards/me/nominations', probe: () => ({ path: '/api/v1/awards/me/nominations' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  { method: 'GET', route: '/api/v1/awards/nominations/{id}', probe: () => ({ path: `/api/v1/awards/nominations/${NOBODY}` }), expect: SIGNED_IN_404 },
  { method: 'POST', route: '/api/v1/awards/nominations/{id}/consent', probe: () => ({ path: `/api/v1/awards/nominations/${NOBODY}/consent`, body: { consent: true } }), expect: SIGNED_IN_404 },
  { method: 'POST', route: '/api/v1/awards/nominations/{id}/withdraw', probe: () => ({ path: `/api/v1/awards/nominations/${NOBODY}/withdraw` }), expect: SIGNED_IN_404 },
  // A JSON body is refused as the wrong media type only after the caller is let in.
  { method: 'POST', route: '/api/v1/awards/nominations/{id}/evidence', probe: () => ({ path: `/api/v1/awards/nominations/${NOBODY}/evidence`, body: {} }), expect: { anonymous: 401, member: 415, admin: 415, suspended: 403 } },
  { method: 'GET', route: '/api/v1/awards/nominations/{id}/evidence/{fileId}', probe: () => ({ path: `/api/v1/awards/nominations/${NOBODY}/evidence/${NOBODY}` }), expect: SIGNED_IN_404 },
  { method: 'GET', route: '/api/v1/awards/endorsements/{token}', probe: () => ({ path: `/api/v1/awards/endorsements/${'m'.repeat(43)}` }), expect: { anonymous: 404, member: 404, admin: 404, suspended: 404 } },
  { method: 'POST', route: '/api/v1/awards/endorsements/{token}', probe: () => ({ path: `/api/v1/awards/endorsements/${'m'.repeat(43)}`, body: { decision: 'confirm' } }), expect: { anonymous: 404, member: 404, admin: 404, suspended: 404 } },
  { method: 'GET', route: '/api/v1/awards/cycles/{id}/judging/queue', probe: async (_a, ctx) => ({ path: await cyclePath(ctx, '/judging/queue') }), expect: JUDGE_ONLY },
  { method: 'POST', route: '/api/v1/awards/nominations/{id}/screening', probe: () => ({ path: `/api/v1/awards/nominations/${NOBODY}/screening`, body: { eligible: true, note: 'Matrix' } }), expect: JUDGE_ONLY },
  { method: 'PUT', route: '/api/v1/awards/nominations/{id}/score', probe: () => ({ path: `/api/v1/awards/nominations/${NOBODY}/score`, body: { scores: { impact: 5 } } }), expect: JUDGE_ONLY },
  { method: 'POST', route: '/api/v1/awards/nominations/{id}/conflicts', probe: () => ({ path: `/api/v1/awards/nominations/${NOBODY}/conflicts`, body: { reason: 'Matrix' } }), expect: JUDGE_ONLY },
];

const newEmail = (): string => `matrix-${randomBytes(4).toString('hex')}@example.org`;
const sessionOf = async (ctx: Context, actor: Actor): Promise<string> => {
  // A second session of her own, so ending it does not end the one making the call.
  const second = await ctx.the.signIn(actor.email!, actor.password!);
  const list = await ctx.api('GET', '/api/v1/me/sessions', { token: second.accessToken });
  return (list.body?.items ?? []).find((s: { current: boolean }) => s.current)?.id ?? '00000000-0000-4000-8000-000000000000';
};

// Mentorship: a member without a mentee profile would get 409; the probes that need one make it first,
// so each row tests who may call, not in which order the rows ran.
const NO_ID = '00000000-0000-4000-8000-000000000000';
const MENTEE = { goals: ['lead a team'], expertise: ['leadership'], languages: ['ru'], timeZone: 'Asia/Tashkent' };
const asMentee = async (a: Actor, ctx: Context): Promise<void> => {
  if (!a.accessToken) return;
  await ctx.api('PUT', '/api/v1/mentorship/mentee-profile', { token: a.accessToken, body: MENTEE });
  await ctx.api('POST', '/api/v1/mentorship/code-of-conduct/acceptance', { token: a.accessToken });
};
// Community: connections, the feed and groups. Unknown ids answer 404 to whoever may call at all.
const GROUP = `/api/v1/groups/${NO_ID}`;
const THREAD = `${GROUP}/threads/${NO_ID}`;
const communityRow = (method: string, route: string, path: string, member: number, body?: unknown): Row => ({
  method, route, probe: () => ({ path, ...(body === undefined ? {} : { body }) }), expect: { anonymous: 401, member, admin: member, suspended: 403 },
});
const GROUP_ROWS: Row[] = [
  communityRow('POST', '/api/v1/connections', '/api/v1/connections', 404, { memberId: NO_ID }),
  communityRow('POST', '/api/v1/connections/{id}/accept', `/api/v1/connections/${NO_ID}/accept`, 404),
  communityRow('POST', '/api/v1/connections/{id}/decline', `/api/v1/connections/${NO_ID}/decline`, 404),
  communityRow('DELETE', '/api/v1/connections/{id}', `/api/v1/connections/${NO_ID}`, 404),
  communityRow('GET', '/api/v1/me/connections', '/api/v1/me/connections', 200),
  communityRow('GET', '/api/v1/me/connections/requests', '/api/v1/me/connections/requests?direction=outgoing', 200),
  communityRow('GET', '/api/v1/me/feed', '/api/v1/me/feed', 200),
  communityRow('POST', '/api/v1/mutes', '/api/v1/mutes', 404, { memberId: NO_ID }),
  communityRow('DELETE', '/api/v1/mutes/{memberId}', `/api/v1/mutes/${NO_ID}`, 404),
  communityRow('GET', '/api/v1/me/mutes', '/api/v1/me/mutes', 200),
  communityRow('POST', '/api/v1/groups', '/api/v1/groups', 201, { name: 'Matrix group', description: 'A group.', visibility: 'invite-only' }),
  communityRow('GET', '/api/v1/groups', '/api/v1/groups', 200),
  communityRow('GET', '/api/v1/me/group-invitations', '/api/v1/me/group-invitations', 200),
  communityRow('POST', '/api/v1/groups/invitations/{id}/accept', `/api/v1/groups/invitations/${NO_ID}/accept`, 404),
  communityRow('POST', '/api/v1/groups/invitations/{id}/decline', `/api/v1/groups/invitations/${NO_ID}/decline`, 404),
  communityRow('GET', '/api/v1/groups/{id}', GROUP, 404),
  communityRow('POST', '/api/v1/groups/{id}/members', `${GROUP}/members`, 404),
  communityRow('GET', '/api/v1/groups/{id}/members', `${GROUP}/members`, 404),
  communityRow('DELETE', '/api/v1/groups/{id}/members/me', `${GROUP}/members/me`, 404),
  communityRow('DELETE', '/api/v1/groups/{id}/members/{memberId}', `${GROUP}/members/${NO_ID}`, 404),
  communityRow('PUT', '/api/v1/groups/{id}/members/{memberId}', `${GROUP}/members/${NO_ID}`, 404, { role: 'moderator' }),
  communityRow('POST', '/api/v1/groups/{id}/invitations', `${GROUP}/invitations`, 404, { memberId: NO_ID }),
  communityRow('POST', '/api/v1/groups/{id}/threads', `${GROUP}/threads`, 404, { title: 'A thread', text: 'Hello' }),
  communityRow('GET', '/api/v1/groups/{id}/threads', `${GROUP}/threads`, 404),
  communityRow('PATCH', '/api/v1/groups/{id}/threads/{threadId}', THREAD, 404, { locked: true }),
  communityRow('DELETE', '/api/v1/groups/{id}/threads/{threadId}', THREAD, 404),
  communityRow('POST', '/api/v1/groups/{id}/threads/{threadId}/posts', `${THREAD}/posts`, 404, { text: 'Hello' }),
  communityRow('GET', '/api/v1/groups/{id}/threads/{threadId}/posts', `${THREAD}/posts`, 404),
  communityRow('DELETE', '/api/v1/groups/{id}/threads/{threadId}/posts/{postId}', `${THREAD}/posts/${NO_ID}`, 404),
  // A JSON body is not an upload.
  communityRow('POST', '/api/v1/groups/{id}/files', `${GROUP}/files`, 415, {}),
  communityRow('GET', '/api/v1/groups/{id}/files', `${GROUP}/files`, 404),
  communityRow('GET', '/api/v1/groups/{id}/files/{fileId}', `${GROUP}/files/${NO_ID}`, 404),
];
const MENTORSHIP_ROWS: Row[] = [
  // The mentor role only: an admin offers no mentoring with her admin role.
  { method: 'PUT', route: '/api/v1/mentorship/mentor-profile', probe: () => ({ path: '/api/v1/mentorship/mentor-profile', body: { expertise: ['leadership'], languages: ['ru'], countries: ['KZ'], timeZone: 'Asia/Almaty', capacity: 2, available: true } }), expect: { anonymous: 401, member: 403, admin: 403, suspended: 403 } },
  { method: 'GET', route: '/api/v1/mentorship/mentor-profile', probe: () => ({ path: '/api/v1/mentorship/mentor-profile' }), expect: { anonymous: 401, member: 403, admin: 403, suspended: 403 } },
  { method: 'PUT', route: '/api/v1/mentorship/mentee-profile', probe: () => ({ path: '/api/v1/mentorship/mentee-profile', body: MENTEE }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  { method: 'GET', route: '/api/v1/mentorship/mentee-profile', probe: async (a, ctx) => (await asMentee(a, ctx), { path: '/api/v1/mentorship/mentee-profile' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  { method: 'GET', route: '/api/v1/mentorship/suggestions', probe: async (a, ctx) => (await asMentee(a, ctx), { path: '/api/v1/mentorship/suggestions' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  // No such mentor.
  { method: 'POST', route: '/api/v1/mentorship/requests', probe: async (a, ctx) => (await asMentee(a, ctx), { path: '/api/v1/mentorship/requests', body: { mentorId: NO_ID, message: 'Hello' } }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'GET', route: '/api/v1/mentorship/requests', probe: () => ({ path: '/api/v1/mentorship/requests' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  { method: 'POST', route: '/api/v1/mentorship/requests/{id}/accept', probe: () => ({ path: `/api/v1/mentorship/requests/${NO_ID}/accept` }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'POST', route: '/api/v1/mentorship/requests/{id}/decline', probe: () => ({ path: `/api/v1/mentorship/requests/${NO_ID}/decline`, body: { reason: 'schedule' } }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'POST', route: '/api/v1/mentorship/requests/{id}/withdraw', probe: () => ({ path: `/api/v1/mentorship/requests/${NO_ID}/withdraw` }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'GET', route: '/api/v1/mentorship/mentorships', probe: () => ({ path: '/api/v1/mentorship/mentorships' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  { method: 'GET', route: '/api/v1/mentorship/mentorships/{id}', probe: () => ({ path: `/api/v1/mentorship/mentorships/${NO_ID}` }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'POST', route: '/api/v1/mentorship/mentorships/{id}/complete', probe: () => ({ path: `/api/v1/mentorship/mentorships/${NO_ID}/complete`, body: { note: 'Thank you.' } }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'POST', route: '/api/v1/mentorship/mentorships/{id}/end', probe: () => ({ path: `/api/v1/mentorship/mentorships/${NO_ID}/end`, body: { reason: 'other' } }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'GET', route: '/api/v1/mentorship/notifications', probe: () => ({ path: '/api/v1/mentorship/notifications' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  // Community's inbox: open while restricted (her sanction notice is there); preferences are not.
  { method: 'GET', route: '/api/v1/me/notifications', probe: () => ({ path: '/api/v1/me/notifications' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 200 } },
  { method: 'POST', route: '/api/v1/me/notifications/read', probe: () => ({ path: '/api/v1/me/notifications/read', body: { ids: [NO_ID] } }), expect: { anonymous: 401, member: 204, admin: 204, suspended: 204 } },
  { method: 'POST', route: '/api/v1/me/notifications/read-all', probe: () => ({ path: '/api/v1/me/notifications/read-all' }), expect: { anonymous: 401, member: 204, admin: 204, suspended: 204 } },
  { method: 'GET', route: '/api/v1/me/notification-preferences', probe: () => ({ path: '/api/v1/me/notification-preferences' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  { method: 'PUT', route: '/api/v1/me/notification-preferences', probe: () => ({ path: '/api/v1/me/notification-preferences', body: { digest: 'off' } }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  ...(['goals', 'sessions', 'tasks', 'feedback'] as const).map((part): Row => ({
    method: 'GET', route: `/api/v1/mentorship/mentorships/{id}/${part}`, probe: () => ({ path: `/api/v1/mentorship/mentorships/${NO_ID}/${part}` }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 },
  })),
  ...([['goals', { title: 'A goal' }], ['sessions', { heldAt: '2026-01-01T10:00:00Z', durationMinutes: 30 }], ['tasks', { title: 'A task' }], ['feedback', { rating: 5, text: 'Thanks' }]] as const).map(([part, body]): Row => ({
    method: 'POST', route: `/api/v1/mentorship/mentorships/{id}/${part}`, probe: () => ({ path: `/api/v1/mentorship/mentorships/${NO_ID}/${part}`, body }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 },
  })),
  { method: 'PATCH', route: '/api/v1/mentorship/mentorships/{id}/goals/{itemId}', probe: () => ({ path: `/api/v1/mentorship/mentorships/${NO_ID}/goals/${NO_ID}`, body: { progress: 10 } }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'GET', route: '/api/v1/mentorship/code-of-conduct', probe: () => ({ path: '/api/v1/mentorship/code-of-conduct' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  { method: 'POST', route: '/api/v1/mentorship/code-of-conduct/acceptance', probe: () => ({ path: '/api/v1/mentorship/code-of-conduct/acceptance' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  { method: 'POST', route: '/api/v1/mentorship/mentorships/{id}/exit-survey', probe: () => ({ path: `/api/v1/mentorship/mentorships/${NO_ID}/exit-survey`, body: { rating: 4, feltSafe: true, wouldRecommend: true } }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  // Confidential: programme administrators (and admins) only.
  { method: 'GET', route: '/api/v1/mentorship/exit-surveys', probe: () => ({ path: '/api/v1/mentorship/exit-surveys' }), expect: { anonymous: 401, member: 403, admin: 200, suspended: 403 } },
  // Programme-admins (and admins) open cohorts and run matchings; members list and apply.
  { method: 'POST', route: '/api/v1/mentorship/programmes', probe: () => ({ path: '/api/v1/mentorship/programmes', body: { name: 'Matrix cohort', applicationsOpenAt: '2030-01-01T00:00:00Z', applicationsCloseAt: '2030-02-01T00:00:00Z' } }), expect: { anonymous: 401, member: 403, admin: 201, suspended: 403 } },
  { method: 'GET', route: '/api/v1/mentorship/programmes', probe: () => ({ path: '/api/v1/mentorship/programmes' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  { method: 'POST', route: '/api/v1/mentorship/programmes/{id}/applications', probe: () => ({ path: `/api/v1/mentorship/programmes/${NO_ID}/applications`, body: { role: 'mentee' } }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'POST', route: '/api/v1/mentorship/programmes/{id}/matching-runs', probe: () => ({ path: `/api/v1/mentorship/programmes/${NO_ID}/matching-runs` }), expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 } },
  { method: 'GET', route: '/api/v1/mentorship/programmes/{id}/matching-runs/{runId}', probe: () => ({ path: `/api/v1/mentorship/programmes/${NO_ID}/matching-runs/${NO_ID}` }), expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 } },
  { method: 'POST', route: '/api/v1/mentorship/programmes/{id}/matching-runs/{runId}/publish', probe: () => ({ path: `/api/v1/mentorship/programmes/${NO_ID}/matching-runs/${NO_ID}/publish`, body: {} }), expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 } },
  { method: 'POST', route: '/api/v1/mentorship/programmes/{id}/sessions', probe: () => ({ path: `/api/v1/mentorship/programmes/${NO_ID}/sessions`, body: { eventId: NO_ID, kind: 'webinar' } }), expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 } },
  { method: 'GET', route: '/api/v1/mentorship/programmes/{id}/sessions', probe: () => ({ path: `/api/v1/mentorship/programmes/${NO_ID}/sessions` }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'DELETE', route: '/api/v1/mentorship/programmes/{id}/sessions/{eventId}', probe: () => ({ path: `/api/v1/mentorship/programmes/${NO_ID}/sessions/${NO_ID}` }), expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 } },
  { method: 'PUT', route: '/api/v1/mentorship/programmes/{id}/sessions/{eventId}/attendance', probe: () => ({ path: `/api/v1/mentorship/programmes/${NO_ID}/sessions/${NO_ID}/attendance`, body: { attended: [] } }), expect: { anonymous: 401, member: 403, admin: 404, suspended: 403 } },
  { method: 'GET', route: '/api/v1/mentorship/programmes/{id}/completion', probe: () => ({ path: `/api/v1/mentorship/programmes/${NO_ID}/completion` }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'GET', route: '/api/v1/mentorship/programmes/{id}/certificate', probe: () => ({ path: `/api/v1/mentorship/programmes/${NO_ID}/certificate` }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'PATCH', route: '/api/v1/mentorship/mentorships/{id}/tasks/{itemId}', probe: () => ({ path: `/api/v1/mentorship/mentorships/${NO_ID}/tasks/${NO_ID}`, body: { done: true } }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
];

/** Direct messages: nobody is in a conversation that does not exist (404), whatever her role. */
const COMMUNITY_ROWS: Row[] = [
  { method: 'POST', route: '/api/v1/conversations', probe: () => ({ path: '/api/v1/conversations', body: { memberIds: [NO_ID], text: 'Salem!' } }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'GET', route: '/api/v1/me/conversations', probe: () => ({ path: '/api/v1/me/conversations?folder=requests' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  { method: 'GET', route: '/api/v1/conversations/{id}/messages', probe: () => ({ path: `/api/v1/conversations/${NO_ID}/messages` }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'POST', route: '/api/v1/conversations/{id}/messages', probe: () => ({ path: `/api/v1/conversations/${NO_ID}/messages`, body: { text: 'Salem!' } }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'POST', route: '/api/v1/conversations/{id}/accept', probe: () => ({ path: `/api/v1/conversations/${NO_ID}/accept` }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'DELETE', route: '/api/v1/conversations/{id}', probe: () => ({ path: `/api/v1/conversations/${NO_ID}` }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  { method: 'POST', route: '/api/v1/conversations/{id}/read', probe: () => ({ path: `/api/v1/conversations/${NO_ID}/read`, body: {} }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
  // A JSON body is refused as the wrong media type only after the caller is let in.
  { method: 'POST', route: '/api/v1/conversations/{id}/attachments', probe: () => ({ path: `/api/v1/conversations/${NO_ID}/attachments`, body: {} }), expect: { anonymous: 401, member: 415, admin: 415, suspended: 403 } },
  { method: 'GET', route: '/api/v1/conversations/{id}/attachments/{attachmentId}', probe: () => ({ path: `/api/v1/conversations/${NO_ID}/attachments/${NO_ID}` }), expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 } },
];

const ROWS: Row[] = [
  { method: 'GET', route: '/health/live', probe: () => ({ path: '/health/live' }), expect: { anonymous: 200, member: 200, admin: 200, suspended: 200 } },
  { method: 'GET', route: '/health/ready', probe: () => ({ path: '/health/ready' }), expect: { anonymous: 200, member: 200, admin: 200, suspended: 200 } },
  { method: 'GET', route: '/metrics', probe: () => ({ path: '/metrics' }), expect: { anonymous: 200, member: 200, admin: 200, suspended: 200 } },
  {
    method: 'POST', route: '/api/v1/auth/register',
    probe: () => ({ path: '/api/v1/auth/register', body: { email: newEmail(), password: 'Issyk-Kul-shore-2024', fullName: 'Aizada Asanova', country: 'KG' } }),
    expect: { anonymous: 201, member: 201, admin: 201, suspended: 201 },
  },
  {
    method: 'POST', route: '/api/v1/auth/login',
    probe: (a, ctx) => ({ path: '/api/v1/auth/login', body: { email: a.email ?? ctx.other.email, password: a.password ?? ctx.other.password } }),
    expect: { anonymous: 200, member: 200, admin: 200, suspended: 200 },
  },
  {
    method: 'POST', route: '/api/v1/auth/refresh',
    probe: async (a, ctx) => {
      const session = await ctx.the.signIn(a.email ?? ctx.other.email, a.password ?? ctx.other.password);
      return { path: '/api/v1/auth/refresh', body: { refreshToken: session.refreshToken } };
    },
    expect: { anonymous: 200, member: 200, admin: 200, suspended: 200 },
  },
  {
    method: 'POST', route: '/api/v1/auth/logout',
    // Signing out ends the session the call is made with: each caller signs in afresh for it.
    probe: async (a, ctx) => ({ path: '/api/v1/auth/logout', token: a.email ? (await ctx.the.signIn(a.email, a.password!)).accessToken : undefined }),
    expect: { anonymous: 401, member: 204, admin: 204, suspended: 204 },
  },
  { method: 'GET', route: '/api/v1/me', probe: () => ({ path: '/api/v1/me' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 200 } },
  { method: 'GET', route: '/api/v1/me/export', probe: () => ({ path: '/api/v1/me/export' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 200 } },
  { method: 'PATCH', route: '/api/v1/me/profile', probe: () => ({ path: '/api/v1/me/profile', body: { bio: 'Matrix' } }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  { method: 'GET', route: '/api/v1/me/sessions', probe: () => ({ path: '/api/v1/me/sessions' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  {
    method: 'DELETE', route: '/api/v1/me/sessions/{id}',
    probe: async (a, ctx) => ({ path: `/api/v1/me/sessions/${a.kind === 'anonymous' || a.kind === 'suspended' ? ctx.otherSessionId : await sessionOf(ctx, a)}` }),
    expect: { anonymous: 401, member: 204, admin: 204, suspended: 403 },
    otherMember: { probe: (_a, ctx) => ({ path: `/api/v1/me/sessions/${ctx.otherSessionId}` }), expect: { member: 404, admin: 404 } },
  },
  {
    method: 'DELETE', route: '/api/v1/me',
    // Deleting consumes the account: each caller is a fresh one of its kind. Her password is asked again.
    probe: (a) => ({ path: '/api/v1/me', body: { password: a.password ?? 'Not-signed-in-12' } }),
    expect: { anonymous: 401, member: 204, admin: 204, suspended: 403 },
  },
  {
    method: 'GET', route: '/api/v1/profiles/{id}',
    probe: (a, ctx) => ({ path: `/api/v1/profiles/${a.id ?? ctx.other.id}` }),
    expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 },
    // Public profiles are meant to be seen by other members: public fields only (tested in accounts.e2e-spec).
    otherMember: { probe: (_a, ctx) => ({ path: `/api/v1/profiles/${ctx.other.id}` }), expect: { member: 200, admin: 200 } },
  },
  {
    method: 'PUT', route: '/api/v1/me/photo',
    // A JSON body is refused as the wrong media type only after the caller is let in.
    probe: () => ({ path: '/api/v1/me/photo', body: {} }),
    expect: { anonymous: 401, member: 415, admin: 415, suspended: 403 },
  },
  { method: 'DELETE', route: '/api/v1/me/photo', probe: () => ({ path: '/api/v1/me/photo' }), expect: { anonymous: 401, member: 204, admin: 204, suspended: 403 } },
  {
    method: 'GET', route: '/api/v1/profiles/{id}/photo',
    // Nobody here has a photo: a signed-in member gets 404, the rest are stopped at the door.
    probe: (a, ctx) => ({ path: `/api/v1/profiles/${a.id ?? ctx.other.id}/photo` }),
    expect: { anonymous: 401, member: 404, admin: 404, suspended: 403 },
    otherMember: { probe: (_a, ctx) => ({ path: `/api/v1/profiles/${ctx.other.id}/photo` }), expect: { member: 404, admin: 404 } },
  },
  // Blocks and the directory (identity): members only; a block is hers alone, so another's id is just "no block of yours".
  {
    method: 'POST', route: '/api/v1/blocks',
    // A fresh member each time, so that no block here hides a profile another row looks at.
    probe: async (_a, ctx) => ({ path: '/api/v1/blocks', body: { memberId: (await ctx.the.member()).id } }),
    expect: { anonymous: 401, member: 201, admin: 201, suspended: 403 },
  },
  {
    method: 'DELETE', route: '/api/v1/blocks/{memberId}',
    probe: async (a, ctx) => {
      if (a.kind !== 'member' && a.kind !== 'admin') return { path: `/api/v1/blocks/${ctx.other.id}` };
      const target = await ctx.the.member();
      await ctx.api('POST', '/api/v1/blocks', { token: a.accessToken, body: { memberId: target.id } });
      return { path: `/api/v1/blocks/${target.id}` };
    },
    expect: { anonymous: 401, member: 204, admin: 204, suspended: 403 },
    otherMember: { probe: (_a, ctx) => ({ path: `/api/v1/blocks/${ctx.other.id}` }), expect: { member: 404, admin: 404 } },
  },
  { method: 'GET', route: '/api/v1/me/blocks', probe: () => ({ path: '/api/v1/me/blocks' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  { method: 'GET', route: '/api/v1/members', probe: () => ({ path: '/api/v1/members?q=matrix' }), expect: { anonymous: 401, member: 200, admin: 200, suspended: 403 } },
  {
    method: 'POST', route: '/api/v1/admin/users/{id}/roles',
    probe: (_a, ctx) => ({ path: `/api/v1/admin/users/${ctx.other.id}/roles`, body: { role: 'mentor' } }),
    expect: { anonymous: 401, member: 403, admin: 204, suspended: 403 },
  },
  {
    method: 'DELETE', route: '/api/v1/admin/users/{id}/roles/{role}',
    probe: (_a, ctx) => ({ path: `/api/v1/admin/users/${ctx.other.id}/roles/mentor` }),
    expect: { anonymous: 401, member: 403, admin: 204, suspended: 403 },
  },
  {
    method: 'PUT', route: '/api/v1/admin/users/{id}/status',
    probe: (_a, ctx) => ({ path: `/api/v1/admin/users/${ctx.other.id}/status`, body: { status: 'active' } }),
    expect: { anonymous: 401, member: 403, admin: 204, suspended: 403 },
  },
  ...CONTENT_ROWS,
  ...AWARDS_ROWS,
  ...MENTORSHIP_ROWS,
  ...COMMUNITY_ROWS,
  ...GROUP_ROWS,
];

describe('authorization matrix', () => {
  let platform: Platform;
  let ctx: Context;
  let actors: Record<Caller, Actor>;

  beforeAll(async () => {
    platform = await startPlatform('authz', {}, {}, { content: true, trustSafety: true, awards: true, mentorship: true, community: true });
    const api = client(platform.baseUrl);
    const the = given(api);
    const admin = await the.admin();
    const setStatus = (id: string, body: unknown) => api('PUT', `/api/v1/admin/users/${id}/status`, { token: admin.accessToken, body });
    const other = await the.member();
    const otherSecond = await the.signIn(other.email, other.password);
    const otherSessions = await api('GET', '/api/v1/me/sessions', { token: otherSecond.accessToken });
    const freshActor = async (kind: Caller): Promise<Actor> => {
      if (kind === 'anonymous') return { kind };
      const m = await the.member();
      if (kind === 'admin') {
        await api('POST', `/api/v1/admin/users/${m.id}/roles`, { token: admin.accessToken, body: { role: 'admin' } });
      }
      if (kind === 'suspended') {
        await setStatus(m.id, { status: 'suspended', until: new Date(Date.now() + 86_400_000).toISOString() });
        const again = await the.signIn(m.email, m.password);
        await eventually(async () => (await api('GET', '/api/v1/me/sessions', { token: again.accessToken })).status === 403, 3000);
        return { kind, ...again };
      }
      if (kind === 'admin') {
        await eventually(async () => (await api('PUT', `/api/v1/admin/users/${other.id}/status`, { token: m.accessToken, body: { status: 'active' } })).status === 204, 3000);
      }
      return { kind, ...m };
    };
    const create = async (token: string, kind: ContentKind, draft = false): Promise<string> => {
      if (kind === 'publication') return uploadPublication(platform.baseUrl, token, draft);
      const made = await api('POST', `/api/v1/${PATHS[kind]}`, { token, body: { ...CREATE[kind](), ...(draft && kind !== 'discussion' ? { draft: true } : {}) } });
      if (made.status !== 201) throw new Error(`create ${kind} failed: ${made.status} ${JSON.stringify(made.body)}`);
      return made.body.id as string;
    };
    const otherItems = {} as Record<ContentKind, string>;
    for (const kind of Object.keys(PATHS) as ContentKind[]) otherItems[kind] = await create(other.accessToken, kind);
    // Resources with a file, so that its download route has something to serve.
    const fileForm = new FormData();
    for (const [k, v] of Object.entries({ title: 'Matrix file', description: 'A file.', kind: 'guide', rightsAttested: 'true' })) fileForm.append(k, v);
    fileForm.append('file', new Blob(['Matrix guide\n'], { type: 'text/plain' }), 'guide.txt');
    const withFile = await fetch(`${platform.baseUrl}/api/v1/resources`, { method: 'POST', headers: { authorization: `Bearer ${other.accessToken}` }, body: fileForm });
    otherItems.resource = ((await withFile.json()) as { id: string }).id;
    expect((await api('POST', `/api/v1/moderation/jobs/${otherItems.job}/review`, { token: admin.accessToken, body: { decision: 'approve' } })).status).toBe(200);
    const otherComment = {
      blog: (await api('POST', `/api/v1/blogs/${otherItems.blog}/comments`, { token: other.accessToken, body: { body: 'Her comment' } })).body.id as string,
      discussion: (await api('POST', `/api/v1/discussions/${otherItems.discussion}/replies`, { token: other.accessToken, body: { body: 'Her reply' } })).body.id as string,
    };
    ctx = {
      api,
      the,
      other,
      otherSessionId: otherSessions.body.items.find((s: { current: boolean }) => s.current).id,
      freshActor,
      otherItems,
      otherComment,
      adminToken: admin.accessToken,
      ownItem: (actor, kind, draft = false) => create(actor.kind === 'member' || actor.kind === 'admin' ? actor.accessToken! : other.accessToken, kind, draft),
    };
    actors = {
      anonymous: { kind: 'anonymous' },
      member: await freshActor('member'),
      admin: await freshActor('admin'),
      suspended: await freshActor('suspended'),
    };
  }, 180_000);
  afterAll(() => platform.close());

  it('has a row for every route the gateway serves, and no row for a route it does not', async () => {
    const doc = await ctx.api('GET', '/api/docs-json');
    const served = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const table = ROWS.map((r) => `${r.method} ${r.route}`);
    expect(table.sort()).toEqual(served.sort());
  });

  describe.each(ROWS)('$method $route', (row) => {
    it.each(CALLERS)('as %s', async (caller) => {
      const consumes = row.route === '/api/v1/me' && row.method === 'DELETE';
      const actor = consumes ? await ctx.freshActor(caller) : actors[caller];
      const { path, body, token } = await row.probe(actor, ctx);
      const answer = await ctx.api(row.method, path, { token: token ?? actor.accessToken, body });
      expect({ caller, status: answer.status }).toEqual({ caller, status: row.expect[caller] });
      if (answer.status >= 400) expect(answer.body.error.code).toEqual(expect.any(String));
    });

    if (row.otherMember) {
      const other = row.otherMember;
      it.each(Object.keys(other.expect) as Caller[])('with another member\'s id, as %s', async (caller) => {
        const actor = actors[caller];
        const { path, body } = other.probe(actor, ctx);
        const answer = await ctx.api(row.method, path, { token: actor.accessToken, body });
        expect(answer.status).toBe(other.expect[caller]);
      });
    }
  });
});
