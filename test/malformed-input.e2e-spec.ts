/**
 * Bad input, on every route the gateway serves: each operation of the OpenAPI document is called with
 * malformed path parameters, query values and bodies by a caller who holds every role, so that the
 * answer comes from validation and the handlers rather than from the access checks. Whatever the input,
 * the answer is never a 5xx, an error carries API.md's envelope (a stable code and a human message)
 * and nothing of the server's insides (a stack frame, a source path), a JSON body with a field the
 * operation does not declare is refused, and no row of any service's database changes.
 *
 * The routes come from the document, so a new route is swept without a change here. Operations
 * without parameters or body (`DELETE /me`, for one) get nothing malformed to send and are left out.
 */
import { randomUUID } from 'node:crypto';
import { ROLES } from '@weop/contracts';
import { eventually } from '@weop/testing';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Answer, Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  allOf?: Schema[];
  oneOf?: Schema[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

interface Probe {
  what: string;
  path: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /** The operation must refuse it (a 4xx), not only answer without a 5xx. */
  refused?: boolean;
}

/** Path parameter values no route should take for a real object, or should take to mean none. */
const BAD_PATH_VALUES = ['not-an-id', '%00', '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(300), '1e309', '-1', '00000000-0000-0000-0000-000000000000', '%E2%80%AE', "'%3B--"];
/** Query values of the wrong kind for any declared parameter. */
const BAD_QUERY_VALUES = ['', '-1', '1e309', 'NaN', '[object Object]', 'x'.repeat(2000), '%00', '2026-02-30T25:61:00Z'];

/** A value of another type than the schema asks for. */
function wrongType(schema: Schema | undefined): unknown {
  switch (schema?.type ?? 'unknown') {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not a number';
    case 'boolean':
      return 'yes';
    case 'array':
      return 'not a list';
    case 'object':
      return ['not', 'an', 'object'];
    default:
      return { unexpected: { nested: [1, 2, 3] } };
  }
}

const STACK = /\bat \S+ \(|node_modules|\/src\/|\.ts:\d+|\.js:\d+/;
const SERVICES = ['identity', 'content', 'trust-safety', 'awards', 'mentorship', 'community'];

describe('malformed input on every route', () => {
  let platform: Platform;
  let api: Api;
  let doc: OpenApi;
  let actor: SignedIn;

  beforeAll(async () => {
    platform = await startPlatform('malformed', { RATE_LIMIT_PER_MINUTE: '100000000', AUTH_RATE_LIMIT_PER_MINUTE: '100000000' }, {}, {
      content: true,
      trustSafety: true,
      awards: true,
      mentorship: true,
      community: true,
    });
    api = client(platform.baseUrl);
    doc = (await api<OpenApi>('GET', '/api/docs-json')).body;
    // A member holding every role, so that the answers come from validation and the handlers, not the role checks.
    actor = await given(api).staff(ROLES.filter((role) => role !== 'member'));
  }, 180_000);
  afterAll(() => platform.close());

  const resolve = (schema: Schema | undefined): Schema | undefined => {
    if (!schema) return undefined;
    if (schema.$ref) return resolve(doc.components?.schemas?.[schema.$ref.split('/').at(-1)!]);
    if (schema.allOf?.length === 1) return resolve(schema.allOf[0]);
    return schema;
  };

  /** Every table of every service with a digest of its rows: what a refused call must leave as it was. */
  async function tableDigests(): Promise<Record<string, string>> {
    const counts: Record<string, string> = {};
    for (const service of SERVICES) {
      const db = await platform.db(service);
      const { rows } = await db.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1");
      for (const { table_name: table } of rows) {
        const digest = await db.query<{ n: string; md5: string | null }>(`select count(*) as n, md5(string_agg(t::text, ',' order by t::text)) as md5 from "${table}" t`);
        counts[`${service}.${table}`] = `${digest.rows[0].n} rows, ${digest.rows[0].md5 ?? 'empty'}`;
      }
    }
    return counts;
  }

  /** A path with every parameter filled with `value`, or with a fresh UUID when `value` is undefined. */
  const fill = (route: string, value?: string): string => route.replace(/\{[^}]+\}/g, () => value ?? randomUUID());

  function probes(route: string, operation: Operation): Probe[] {
    const list: Probe[] = [];
    const params = operation.parameters ?? [];
    if (/\{[^}]+\}/.test(route)) for (const value of BAD_PATH_VALUES) list.push({ what: `path ${value.slice(0, 40)}`, path: fill(route, value) });
    const base = fill(route);
    for (const query of params.filter((p) => p.in === 'query')) {
      for (const value of BAD_QUERY_VALUES) list.push({ what: `query ${query.name}=${value.slice(0, 40)}`, path: `${base}?${query.name}=${encodeURIComponent(value)}` });
      list.push({ what: `query ${query.name} twice`, path: `${base}?${query.name}=a&${query.name}=b` });
    }
    const content = operation.requestBody?.content ?? {};
    if (content['application/json']) {
      const schema = resolve(content['application/json'].schema);
      list.push({ what: 'a field the operation does not declare', path: base, body: { notAFieldOfThisRoute: 1 }, refused: true });
      for (const body of [[], 'text', 42, null, true].filter((b) => !(Array.isArray(b) && schema?.type === 'array'))) list.push({ what: `body ${JSON.stringify(body)}`, path: base, body, refused: true });
      list.push({ what: 'JSON cut short', path: base, rawBody: '{"a":', headers: { 'content-type': 'application/json' }, refused: true });
      list.push({ what: 'a body as text/plain', path: base, rawBody: 'hello', headers: { 'content-type': 'text/plain' }, refused: true });
      list.push({ what: 'prototype pollution', path: base, rawBody: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}', headers: { 'content-type': 'application/json' }, refused: true });
      for (const [name, property] of Object.entries(schema?.properties ?? {})) {
        const resolved = resolve(property);
        list.push({ what: `${name} of the wrong type`, path: base, body: { [name]: wrongType(resolved) }, refused: true });
        if (resolved?.type === 'string' && !resolved.enum) list.push({ what: `${name} of 100,000 characters`, path: base, body: { [name]: 'x'.repeat(100_000) }, refused: true });
      }
    } else if (Object.keys(content).length > 0) {
      // multipart uploads: a JSON body is not what they take.
      list.push({ what: 'JSON instead of a form', path: base, body: { file: 'not a file' }, refused: true });
    }
    return list;
  }

  function problemsOf(probe: Probe, answer: Answer): string[] {
    const problems: string[] = [];
    if (answer.status >= 500) problems.push(`answered ${answer.status}`);
    if (probe.refused && answer.status < 400) problems.push(`accepted (${answer.status})`);
    if (answer.status >= 400) {
      const error = (answer.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      if (typeof error?.code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(error.code)) problems.push(`no stable error code`);
      if (typeof error?.message !== 'string' || error.message.length === 0) problems.push('no message');
    }
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? '');
    if (STACK.test(text)) problems.push('the server\'s insides in the answer');
    return problems.length ? [`${probe.what}: ${problems.join(', ')} — ${text.slice(0, 300)}`] : [];
  }

  it('answers every malformed call with a 4xx in the error envelope, never a 5xx', async () => {
    const operations = Object.entries(doc.paths).flatMap(([route, methods]) => Object.entries(methods).map(([method, operation]) => ({ route, method: method.toUpperCase(), operation })));
    expect(operations.length).toBeGreaterThan(100);
    const failures: string[] = [];
    let calls = 0;
    // Quiet first: the events of the setup (her roles) have reached every service.
    let before = await tableDigests();
    await eventually(async () => {
      const now = await tableDigests();
      const settled = JSON.stringify(now) === JSON.stringify(before);
      before = now;
      return settled;
    }, 30_000, 500);
    for (const { route, method, operation } of operations) {
      const list = probes(route, operation);
      // A few at a time: the sweep is thousands of calls.
      for (let i = 0; i < list.length; i += 8) {
        const answers = await Promise.all(
          list.slice(i, i + 8).map(async (probe) => {
            const answer = await api(method, probe.path, { token: actor.accessToken, body: probe.body, rawBody: probe.rawBody, headers: probe.headers });
            return problemsOf(probe, answer).map((p) => `${method} ${route} — ${p}`);
          }),
        );
        failures.push(...answers.flat());
        calls += answers.length;
      }
      // A probe may end her session (a logout that needs no body): sign in again so the sweep goes on as her.
      if ((await api('GET', '/api/v1/me', { token: actor.accessToken })).status === 401) actor = await given(api).signIn(actor.email, actor.password);
    }
    expect(calls).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
    // Nothing was written or changed, in any service: no half-made record, no event that changed something elsewhere.
    await new Promise((r) => setTimeout(r, 1000));
    const after = await tableDigests();
    expect(Object.entries(after).filter(([table, n]) => before[table] !== n).map(([table, n]) => `${table}: ${before[table]} → ${n}`)).toEqual([]);
  }, 600_000);
});
