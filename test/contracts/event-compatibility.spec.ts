/**
 * Independent deploys (issue 9): every consumer still accepts each event version its producers may
 * publish. The payloads each producer publishes, and has published, are kept in
 * libs/contracts/fixtures/events/<subject>.json; each must pass the validation a consumer applies on
 * consume, also with a field added by a producer one release ahead, and at least one must be exactly
 * today's contract (it passes the producer's publish-side validation); and every subject a service
 * consumes (`@OnEvent`) must be in the contracts and produced by an app of this repository.
 * The other direction (today's producer against a consumer of the previous release) is
 * test/contracts/event-schemas.spec.ts.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as contracts from '@weop/contracts';
import { EVENTS, producerOf } from '@weop/contracts';
import { eventProblems } from '@weop/messaging';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'libs', 'contracts', 'fixtures', 'events');
const SUBJECTS = Object.keys(EVENTS);

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !/\.(spec|e2e-spec|integration-spec)\.ts$/.test(entry.name) ? [path] : [];
  });

/** Every `@OnEvent(Xyz.subject)` in apps/ and libs/, resolved through the contracts' exports. */
const consumed = (): { file: string; subject: string | undefined; name: string }[] =>
  [...sources(join(ROOT, 'apps')), ...sources(join(ROOT, 'libs'))].flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/@OnEvent\((\w+)\.subject\)/g)].map(([, name]) => ({
      file: relative(ROOT, file),
      name,
      subject: (contracts as unknown as Record<string, { subject?: string } | undefined>)[name]?.subject,
    })),
  );

const fixture = (subject: string): Record<string, unknown>[] => JSON.parse(readFileSync(join(FIXTURES, `${subject}.json`), 'utf8')) as Record<string, unknown>[];

describe('event contracts across releases', () => {
  it('keeps the payloads of every event subject, and of no subject that is gone', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect(SUBJECTS.filter((s) => !existsSync(join(FIXTURES, `${s}.json`)))).toEqual([]);
    expect(files.filter((f) => !SUBJECTS.includes(f))).toEqual([]);
    for (const subject of SUBJECTS) expect(fixture(subject).length).toBeGreaterThan(0);
  });

  it.each(SUBJECTS)("a consumer of today's %s accepts every payload its producer may publish", (subject) => {
    for (const payload of fixture(subject)) {
      expect({ payload, problems: eventProblems(subject, payload, 'consume') }).toEqual({ payload, problems: [] });
      // A producer one release ahead may add an optional field: consumers read on without it.
      expect(eventProblems(subject, { ...payload, addedByANewerRelease: 'ignored' }, 'consume')).toEqual([]);
    }
  });

  it.each(SUBJECTS)("%s has a payload today's producer may publish (it passes the publish-side validation)", (subject) => {
    // Older shapes may lack a field added since; at least one fixture is exactly today's contract.
    const problems = fixture(subject).map((payload) => eventProblems(subject, payload, 'publish'));
    expect(problems.some((p) => p.length === 0) ? [] : problems).toEqual([]);
  });

  it('publishes exactly the contract: a producer cannot send a field its contract does not name', () => {
    const [payload] = fixture('identity.account.deleted.v1');
    expect(eventProblems('identity.account.deleted.v1', { ...payload, surprise: 1 }, 'publish')).toEqual(['property surprise should not exist']);
    // And a consumer still refuses what breaks the contract (the message is parked as a dead letter).
    expect(eventProblems('identity.account.deleted.v1', { ...payload, accountId: 'not-a-uuid' }, 'consume').length).toBeGreaterThan(0);
  });

  it('consumes only subjects in the contracts, each produced by an app of this repository', () => {
    const handlers = consumed();
    expect(handlers.length).toBeGreaterThan(20);
    const apps = readdirSync(join(ROOT, 'apps'));
    const broken = handlers
      .filter((h) => h.subject === undefined || !SUBJECTS.includes(h.subject) || !apps.includes(producerOf(h.subject)))
      .map((h) => `${h.file}: @OnEvent(${h.name}.subject)`);
    expect(broken).toEqual([]);
  });
});
