/**
 * `npm run weop -- reconcile [--dry-run]`: re-publishes events whose effects are missing (DESIGN.md rule 3,
 * "PostgreSQL stays the source of truth"). For each subject below, it pages through the events the
 * producer's outbox has sent, asks each consumer which of them its inbox has applied, and asks the
 * producer to re-publish the rest. A consumer records an event in its inbox in the same transaction as
 * the effect, so "not in the inbox" is exactly "effect missing": a report with no case, a decision whose
 * sanction, content removal or reporters' outcome a service never applied. Re-published events keep their ids, so a
 * consumer that did apply one (or applies it meanwhile) skips it.
 */
import {
  AppealDecidedV1, AwardsReportFiledV1, CaseReportsUpdatedV1, CommunityReportFiledV1, ContentPublishedV1, ContentReportFiledV1, ContentUpdatedV1, ContentWithdrawnV1, IdentityReportFiledV1, MentorshipReportFiledV1, OpsRequests, SanctionImposedV1, SanctionLiftedV1, SubjectVisibilityChangedV1, producerOf,
} from '@weop/contracts';
import type { AppliedEvents, RepublishOutcome, SentEventsPage } from '@weop/contracts';
import { ServiceUnavailableError } from '@weop/messaging';
import type { ServiceClient } from '@weop/messaging';

/**
 * What is reconciled: an event subject and the services that consume it (each must consume it, or every
 * event would look missing).
 */
const SANCTION_CONSUMERS = ['identity', 'content', 'mentorship', 'awards', 'community'];
export const RECONCILED: readonly { subject: string; consumers: readonly string[] }[] = [
  { subject: ContentReportFiledV1.subject, consumers: ['trust-safety'] },
  { subject: IdentityReportFiledV1.subject, consumers: ['trust-safety'] },
  { subject: MentorshipReportFiledV1.subject, consumers: ['trust-safety'] },
  { subject: CommunityReportFiledV1.subject, consumers: ['trust-safety'] },
  { subject: AwardsReportFiledV1.subject, consumers: ['trust-safety'] },
  { subject: SanctionImposedV1.subject, consumers: SANCTION_CONSUMERS },
  { subject: SanctionLiftedV1.subject, consumers: SANCTION_CONSUMERS },
  // A decision's other effects; both consumers keep only the newest per subject or report, so a late copy changes nothing.
  { subject: SubjectVisibilityChangedV1.subject, consumers: ['content', 'awards', 'community'] },
  { subject: CaseReportsUpdatedV1.subject, consumers: ['content', 'identity', 'mentorship', 'awards', 'community'] },
  // The member told of her appeal's outcome.
  { subject: AppealDecidedV1.subject, consumers: ['community'] },
  // Her connections' feeds and cohort sessions: an item she withdrew (deleted, unpublished) must not stay listed there.
  { subject: ContentPublishedV1.subject, consumers: ['community', 'mentorship'] },
  { subject: ContentUpdatedV1.subject, consumers: ['community', 'mentorship'] },
  { subject: ContentWithdrawnV1.subject, consumers: ['community', 'mentorship'] },
];

const PAGE = 1000;

export interface ReconcileOptions {
  client: ServiceClient;
  /** The services deployed (WEOP_SERVICES); others are neither asked nor expected to answer. */
  services: readonly string[];
  dryRun: boolean;
  out: (line: string) => void;
  timeoutMs?: number;
  /**
   * Events that occurred before this are left alone: their inbox entries may have been pruned
   * (libs/messaging event-history.ts), and asking about them would re-publish events already applied.
   */
  since?: Date;
}

export interface ReconcileSummary {
  /** Events missing from at least one consumer's inbox. */
  missing: number;
  republished: number;
  /** Services that did not answer: the pass is incomplete. */
  failed: string[];
}

export async function reconcile(options: ReconcileOptions): Promise<ReconcileSummary> {
  const { client, services, dryRun, out } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const summary: ReconcileSummary = { missing: 0, republished: 0, failed: [] };
  const deployed = new Set(services);
  for (const { subject, consumers } of RECONCILED) {
    const producer = producerOf(subject);
    const asked = consumers.filter((c) => deployed.has(c));
    if (!deployed.has(producer) || asked.length === 0) continue;
    const missingBy = new Map<string, number>(asked.map((c) => [c, 0]));
    let sent = 0;
    let missing = 0;
    let republished = 0;
    try {
      let after: string | undefined;
      do {
        const page = await client.request<SentEventsPage>(OpsRequests.sentEvents(producer), { subject, limit: PAGE, ...(after ? { after } : {}) }, { timeoutMs });
        const ids = page.items.filter((i) => !options.since || !(new Date(i.occurredAt) < options.since)).map((i) => i.eventId);
        sent += ids.length;
        const unapplied = new Set<string>();
        for (const consumer of asked) {
          if (ids.length === 0) break;
          const { applied } = await client.request<AppliedEvents>(OpsRequests.applied(consumer), { subject, eventIds: ids }, { timeoutMs });
          const known = new Set(applied);
          const lacking = ids.filter((id) => !known.has(id));
          missingBy.set(consumer, (missingBy.get(consumer) ?? 0) + lacking.length);
          for (const id of lacking) unapplied.add(id);
        }
        missing += unapplied.size;
        if (!dryRun && unapplied.size > 0) {
          republished += (await client.request<RepublishOutcome>(OpsRequests.republish(producer), { subject, eventIds: [...unapplied] }, { timeoutMs })).republished;
        }
        after = page.next ?? undefined;
      } while (after);
    } catch (error) {
      // One service away leaves this subject unfinished; the others are still worth reconciling.
      if (!(error instanceof ServiceUnavailableError)) throw error;
      out(`${subject}: not reconciled, ${error.service} did not answer`);
      summary.failed.push(subject);
      continue;
    }
    const lacking = [...missingBy].filter(([, n]) => n > 0).map(([c, n]) => `${n} not applied by ${c}`);
    const action = missing === 0 ? 'nothing to do' : dryRun ? `would re-publish ${missing}` : `re-published ${republished}`;
    out(`${subject}: ${sent} sent by ${producer}${lacking.length ? `, ${lacking.join(', ')}` : ''}; ${action}`);
    summary.missing += missing;
    summary.republished += republished;
  }
  return summary;
}
