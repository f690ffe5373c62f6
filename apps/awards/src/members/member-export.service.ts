/**
 * What awards holds of her, for `GET /me/export`: the nominations she made (as she sees them), the
 * nominations of her (as she sees them, with her consent; never who nominated her, nor the screening
 * or the jury's scores), her judging (seats, screenings, her own score sheets, the conflicts she
 * declared), the reports she filed on nominations, the champion entries naming her, the lines of the audit trail where she is the actor, and
 * what awards copied of her from other services' events. Endorsers have no account, so no endorsement
 * is hers by account: an endorsement shows only in the nomination it belongs to, without emails.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '@weop/contracts';
import type { AuditEntry } from '../audit/audit-entry.entity';
import { AuditRepository } from '../audit/audit.repository';
import { ChampionsRepository } from '../champions/champions.repository';
import { JudgingRepository } from '../judging/judging.repository';
import type { Nomination } from '../nominations/nomination.entity';
import { nominationView, scoreView } from '../nominations/nomination-views';
import { NominationsRepository } from '../nominations/nominations.repository';
import { NominationsService } from '../nominations/nominations.service';
import { ReportsService } from '../reports/reports.service';
import { MembersRepository } from './members.repository';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** Her answer to a nomination of her: from the audit line of her answer, else from the nomination itself. */
function consentOf(n: Nomination, mine: readonly AuditEntry[]): { decision: 'given' | 'declined' | 'pending' | 'not-answered'; at: string | null } {
  const line = mine.find((a) => a.nominationId === n.id && (a.action === 'consent-given' || a.action === 'consent-declined'));
  if (line) return { decision: line.action === 'consent-given' ? 'given' : 'declined', at: line.at.toISOString() };
  if (n.consentedAt) return { decision: 'given', at: n.consentedAt.toISOString() };
  return { decision: n.status === 'awaiting-consent' ? 'pending' : 'not-answered', at: null };
}

@Injectable()
export class MemberExportService {
  constructor(
    private readonly em: EntityManager,
    private readonly nominations: NominationsRepository,
    private readonly nominationsService: NominationsService,
    private readonly judging: JudgingRepository,
    private readonly champions: ChampionsRepository,
    private readonly audit: AuditRepository,
    private readonly members: MembersRepository,
    private readonly reports: ReportsService,
  ) {}

  async export(caller: Principal): Promise<Record<string, unknown>> {
    const em = this.em.fork();
    const me = caller.accountId;
    const [nominations, seats, champions, actions, member, reportsFiled] = await Promise.all([
      this.nominations.mine(em, me),
      this.judging.seatsEverHeld(em, me),
      this.champions.ofMember(em, me),
      this.audit.byActor(em, me),
      this.members.of(em, me),
      this.reports.export(em, me),
    ]);
    const ids = nominations.map((n) => n.id);
    const seatIds = seats.map((s) => s.id);
    const [endorsements, files, paused, years, screened, sheets, declared] = await Promise.all([
      this.nominations.endorsementsOf(em, ids),
      Promise.all(nominations.map((n) => this.nominations.filesOf(em, n.id))),
      this.nominations.paused(em, ids),
      this.nominationsService.yearsOf(em, [...nominations, ...seats]),
      this.nominations.screenedBy(em, seatIds),
      this.judging.sheetsOf(em, seatIds),
      this.judging.declared(em, seatIds),
    ]);
    // The views the product shows her as nominator or as nominee: no emails, no screening, no nominator.
    const view = (n: Nomination, viewer: 'nominator' | 'nominee') =>
      nominationView(n, years.get(n.cycleId) ?? 0, paused.has(n.id), viewer, { endorsements: endorsements.filter((e) => e.nominationId === n.id), files: files[ids.indexOf(n.id)] ?? [] });
    return {
      nominationsMade: nominations.filter((n) => n.nominatorId === me).map((n) => view(n, 'nominator')),
      nominationsOfHer: nominations.filter((n) => n.nomineeMemberId === me).map((n) => ({ ...view(n, 'nominee'), consent: consentOf(n, actions) })),
      judging: {
        seats: seats.map((s) => ({ id: s.id, cycleId: s.cycleId, year: years.get(s.cycleId) ?? 0, tier: s.tier, country: s.country, organization: s.organization, email: s.email, seatedAt: s.seatedAt.toISOString(), endedAt: iso(s.removedAt) })),
        screenings: screened.map((n) => ({ nominationId: n.id, seatId: n.screenedBy, eligible: n.screeningEligible, finalist: n.screeningFinalist, note: n.screeningNote, decidedAt: iso(n.screenedAt) })),
        scoreSheets: sheets.map((s) => ({ ...scoreView(s), seatId: s.seatId, scoredAt: s.scoredAt.toISOString() })),
        conflictsDeclared: declared.map((d) => ({ seatId: d.seatId, nominationId: d.nominationId, reason: d.reason, declaredAt: d.declaredAt.toISOString() })),
      },
      // The reports she filed on nominations, with her details (never reports others filed).
      reportsFiled,
      champion: champions.map((c) => ({ id: c.id, cycleId: c.cycleId, year: c.year, category: c.category, country: c.country, kind: c.kind, name: c.name, citation: c.citation, announcedAt: c.announcedAt.toISOString() })),
      // What she did, as the trail records it; the details are in the parts above (and may name others).
      auditTrail: actions.map((a) => ({ action: a.action, cycleId: a.cycleId, nominationId: a.nominationId, at: a.at.toISOString() })),
      member: {
        profile: member.profile && { displayName: member.profile.displayName, country: member.profile.country, updatedAt: member.profile.updatedAt.toISOString() },
        identityVerified: member.verification && { verified: member.verification.verified, changedAt: member.verification.changedAt.toISOString() },
        sanctions: member.sanctions.map((s) => ({ sanctionId: s.sanctionId, kind: s.kind, endsAt: iso(s.endsAt), liftedAt: iso(s.liftedAt) })),
      },
    };
  }
}
