/** The reconcile pass's bookkeeping, with the services played by a fake client: paging, several consumers, dry runs, a service away. */
import { OpsRequests } from '@weop/contracts';
import type { ServiceClient } from '@weop/messaging';
import { ServiceUnavailableError } from '@weop/messaging';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECONCILED, reconcile } from './reconcile';

const ids = (n: number, prefix: string): string[] => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

/** Producers' sent events and consumers' inboxes, answered as the ops handlers would. */
function fakePlatform(sent: Record<string, string[]>, applied: Record<string, Set<string>>, away: string[] = [], occurredAt: Record<string, string> = {}) {
  const republished: { service: string; subject: string; eventIds: string[] }[] = [];
  const request = (subject: string, payload: { subject: string; after?: string; limit?: number; eventIds?: string[] }): Promise<unknown> => {
    const service = subject.split('.')[0];
    if (away.includes(service)) return Promise.reject(new ServiceUnavailableError(service));
    if (subject === OpsRequests.sentEvents(service)) {
      const all = sent[payload.subject] ?? [];
      const start = payload.after ? all.indexOf(payload.after) + 1 : 0;
      const items = all.slice(start, start + (payload.limit ?? 1000)).map((eventId) => ({ eventId, occurredAt: occurredAt[eventId] ?? '2026-11-28T00:00:00Z' }));
      return Promise.resolve({ items, next: items.length === (payload.limit ?? 1000) ? items[items.length - 1].eventId : null });
    }
    if (subject === OpsRequests.applied(service)) return Promise.resolve({ applied: payload.eventIds!.filter((id) => applied[service]?.has(id)) });
    if (subject === OpsRequests.republish(service)) {
      republished.push({ service, subject: payload.subject, eventIds: payload.eventIds! });
      return Promise.resolve({ republished: payload.eventIds!.length });
    }
    return Promise.reject(new Error(`unexpected ${subject}`));
  };
  return { client: { request } as unknown as ServiceClient, republished };
}

describe('reconcile', () => {
  it('pages through a large outbox and has only the events some consumer lacks re-published, by their producer', async () => {
    const reports = ids(2500, 'r');
    const { client, republished } = fakePlatform(
      { 'content.report.filed.v1': reports },
      { 'trust-safety': new Set(reports.filter((id) => id !== 'r0003' && id !== 'r2400')) },
    );
    const lines: string[] = [];
    const summary = await reconcile({ client, services: ['content', 'trust-safety'], dryRun: false, out: (l) => lines.push(l) });
    expect(summary).toEqual({ missing: 2, republished: 2, failed: [] });
    expect(republished).toEqual([
      { service: 'content', subject: 'content.report.filed.v1', eventIds: ['r0003'] },
      { service: 'content', subject: 'content.report.filed.v1', eventIds: ['r2400'] },
    ]);
    expect(lines[0]).toBe('content.report.filed.v1: 2500 sent by content, 2 not applied by trust-safety; re-published 2');
    // trust-safety's outcomes are consumed by content too, so they were checked: nothing to do.
    expect(lines.slice(1)).toEqual([
      'trust-safety.sanction.imposed.v1: 0 sent by trust-safety; nothing to do',
      'trust-safety.sanction.lifted.v1: 0 sent by trust-safety; nothing to do',
      'trust-safety.subject.visibility-changed.v1: 0 sent by trust-safety; nothing to do',
      'trust-safety.case.reports-updated.v1: 0 sent by trust-safety; nothing to do',
    ]);
  });

  it('counts an event once however many consumers lack it, and re-publishes nothing on a dry run', async () => {
    const sanctions = ['s1', 's2', 's3'];
    const { client, republished } = fakePlatform(
      { 'trust-safety.sanction.imposed.v1': sanctions },
      { identity: new Set(['s1']), content: new Set(['s1', 's2']), mentorship: new Set(sanctions) },
    );
    const lines: string[] = [];
    const summary = await reconcile({ client, services: ['identity', 'content', 'trust-safety', 'mentorship'], dryRun: true, out: (l) => lines.push(l) });
    expect(summary).toEqual({ missing: 2, republished: 0, failed: [] });
    expect(republished).toEqual([]);
    expect(lines).toContain('trust-safety.sanction.imposed.v1: 3 sent by trust-safety, 2 not applied by identity, 1 not applied by content; would re-publish 2');
  });

  it('asks only the deployed services, and goes on with the other subjects when one does not answer', async () => {
    const { client } = fakePlatform({ 'identity.report.filed.v1': ['p1'], 'trust-safety.sanction.imposed.v1': ['s1'] }, { identity: new Set() }, ['trust-safety']);
    const lines: string[] = [];
    const summary = await reconcile({ client, services: ['identity', 'trust-safety'], dryRun: false, out: (l) => lines.push(l) });
    expect(summary.failed).toEqual(['identity.report.filed.v1', 'trust-safety.sanction.imposed.v1', 'trust-safety.sanction.lifted.v1', 'trust-safety.case.reports-updated.v1']);
    expect(lines[0]).toBe('identity.report.filed.v1: not reconciled, trust-safety did not answer');
    // content and mentorship are not deployed: their subjects are not mentioned at all.
    expect(lines.join('\n')).not.toMatch(/content\.report|mentorship\.report/);
  });

  it('leaves alone events older than the horizon, whose inbox entries may have been pruned, so they are never applied twice', async () => {
    const { client, republished } = fakePlatform(
      { 'content.report.filed.v1': ['old', 'new'] },
      { 'trust-safety': new Set() },
      [],
      { old: '2026-10-01T00:00:00Z', new: '2026-11-27T00:00:00Z' },
    );
    const lines: string[] = [];
    const summary = await reconcile({ client, services: ['content', 'trust-safety'], dryRun: false, out: (l) => lines.push(l), since: new Date('2026-10-24T00:00:00Z') });
    expect(summary).toEqual({ missing: 1, republished: 1, failed: [] });
    expect(republished).toEqual([{ service: 'content', subject: 'content.report.filed.v1', eventIds: ['new'] }]);
    expect(lines[0]).toBe('content.report.filed.v1: 1 sent by content, 1 not applied by trust-safety; re-published 1');
  });
});

describe("docs/operations.md's reconcile table", () => {
  /** The rows of the table under "## Reconcile": events, producers, consumers checked. */
  const rows = (): { subjects: string[]; producers: string[]; consumers: string[] }[] => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8');
    const section = doc.slice(doc.indexOf('\n## Reconcile\n'), doc.indexOf('\n## ', doc.indexOf('\n## Reconcile\n') + 1));
    const list = (cell: string): string[] => cell.split(',').map((item) => item.trim().replace(/`/g, '')).filter(Boolean);
    return section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|').slice(1, 4))
      .map(([subjects, producers, consumers]) => ({ subjects: list(subjects), producers: list(producers), consumers: list(consumers) }));
  };

  it('names every subject reconcile checks, with its producer and exactly the consumers it asks, and nothing else', () => {
    const table = rows();
    expect(table.flatMap((row) => row.subjects).sort()).toEqual(RECONCILED.map((r) => r.subject).sort());
    for (const { subject, consumers } of RECONCILED) {
      const row = table.find((r) => r.subjects.includes(subject));
      expect({ subject, producer: row?.producers.includes(subject.split('.')[0]), consumers: [...(row?.consumers ?? [])].sort() }).toEqual({ subject, producer: true, consumers: [...consumers].sort() });
    }
  });
});
