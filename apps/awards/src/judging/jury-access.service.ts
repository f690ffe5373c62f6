/**
 * What a judge may see: a seat she holds covers a nomination (national seats one country's national
 * nominations during screening; regional seats the regional category during screening and every
 * finalist afterwards), neither she nor the nomination is paused by a sanction, and no conflict of
 * interest — declared or found — stands between them. Otherwise the nomination does not exist for her.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConflictReason, JudgingStage, NominationStatus, Principal } from '@weop/contracts';
import { readTogether } from '@weop/persistence';
import { isJudge } from '../awards-access';
import type { AwardCycle } from '../cycles/award-cycle.entity';
import { cycleStatus } from '../cycles/cycle-rules';
import { MembersRepository } from '../members/members.repository';
import type { Nomination } from '../nominations/nomination.entity';
import { NominationsRepository } from '../nominations/nominations.repository';
import { ConflictIndex, conflictsOf, normalizeEmail, organizationKey } from './conflicts';
import type { NominationFacts, SeatFacts } from './conflicts';
import { JudgingRepository } from './judging.repository';
import type { JurySeat } from './jury-seat.entity';

/** Nominations a screener works on: in the running, or already screened (she may change her mind). */
export const SCREENABLE: readonly NominationStatus[] = ['submitted', 'eligible', 'ineligible', 'finalist'];

/** Conflicts between seats and nominations, computed once for a set of both. */
export interface ConflictBook {
  /** Why this judge may not see this nomination (empty: she may). */
  reasons(seat: JurySeat, nomination: Nomination): ConflictReason[];
  /** Every nomination of the set the seat is conflicted with (one pass through indexes, for many pairs). */
  conflicted(seat: JurySeat): ReadonlySet<string>;
}

export const seatFacts = (seat: JurySeat): SeatFacts => ({
  accountId: seat.accountId,
  tier: seat.tier,
  country: seat.country,
  organizationKey: organizationKey(seat.organization),
  email: normalizeEmail(seat.email),
});

/** Whether a seat's scope covers a nomination at this stage of judging (conflicts and pauses aside). */
export function seatCovers(seat: JurySeat, nomination: Nomination, stage: JudgingStage | null): boolean {
  if (!stage || seat.removedAt) return false;
  if (stage === 'screening') {
    if (!SCREENABLE.includes(nomination.status)) return false;
    return seat.tier === 'national' ? nomination.category === 'national' && nomination.nomineeCountry === seat.country : nomination.category === 'regional';
  }
  return seat.tier === 'regional' && (nomination.status === 'finalist' || nomination.status === 'winner');
}

@Injectable()
export class JuryAccess {
  constructor(
    private readonly judging: JudgingRepository,
    private readonly nominations: NominationsRepository,
    private readonly members: MembersRepository,
  ) {}

  async conflictBook(em: EntityManager, cycle: AwardCycle, seats: readonly JurySeat[], nominations: readonly Nomination[]): Promise<ConflictBook> {
    const ids = nominations.map((n) => n.id);
    const [emails, declared] = await readTogether(em, [() => this.nominations.endorserEmails(em, ids), () => this.judging.declarations(em, seats.map((s) => s.id))]);
    const rules = { regionalSameCountry: cycle.regionalSameCountryConflict };
    const facts = new Map<string, NominationFacts & { id: string }>(
      nominations.map((n) => [
        n.id,
        {
          id: n.id,
          nominatorId: n.nominatorId,
          nomineeMemberId: n.nomineeMemberId,
          nomineeCountry: n.nomineeCountry,
          nomineeCountries: n.nomineeCountries,
          organizationKeys: [organizationKey(n.nomineeOrganization), ...(n.nomineeKind === 'organization' ? [organizationKey(n.nomineeName)] : [])].filter(Boolean),
          endorserEmails: emails.get(n.id) ?? [],
        },
      ]),
    );
    const seatCache = new Map<string, SeatFacts>();
    const factsOf = (seat: JurySeat): SeatFacts => {
      let s = seatCache.get(seat.id);
      if (!s) seatCache.set(seat.id, (s = seatFacts(seat)));
      return s;
    };
    let index: ConflictIndex | undefined;
    const conflictedBySeat = new Map<string, Set<string>>();
    return {
      reasons: (seat, nomination) => {
        const n = facts.get(nomination.id);
        return n ? conflictsOf(factsOf(seat), n, rules, declared.get(seat.id)?.has(nomination.id) ?? false) : [];
      },
      conflicted: (seat) => {
        let found = conflictedBySeat.get(seat.id);
        if (!found) {
          index ??= new ConflictIndex([...facts.values()], rules, declared);
          conflictedBySeat.set(seat.id, (found = index.conflicted(seat.id, factsOf(seat))));
        }
        return found;
      },
    };
  }

  /** Her seats in the cycle that are not paused by a sanction (a paused juror's seat does nothing while it lasts). */
  async activeSeats(em: EntityManager, caller: Principal, cycleId: string): Promise<{ seats: JurySeat[]; paused: boolean }> {
    if (!isJudge(caller)) return { seats: [], paused: false };
    const seats = await this.judging.seatsOf(em, cycleId, caller.accountId);
    if (seats.length === 0) return { seats, paused: false };
    const sanctioned = await this.members.sanctioned(em, [caller.accountId]);
    return sanctioned.size > 0 ? { seats: [], paused: true } : { seats, paused: false };
  }

  /** The seat through which she sees this nomination, or null when it does not exist for her. */
  async seatFor(em: EntityManager, caller: Principal, cycle: AwardCycle, nomination: Nomination): Promise<JurySeat | null> {
    const { judgingStage } = cycleStatus(cycle, new Date());
    const { seats } = await this.activeSeats(em, caller, cycle.id);
    const covering = seats.filter((s) => seatCovers(s, nomination, judgingStage));
    if (covering.length === 0) return null;
    if ((await this.nominations.paused(em, [nomination.id])).size > 0) return null;
    const book = await this.conflictBook(em, cycle, covering, [nomination]);
    return covering.find((s) => !book.conflicted(s).has(nomination.id)) ?? null;
  }
}
