/** How a nomination reads for each kind of viewer. */
import type { EndorsementView, NominationSummary, NominationView, NomineeView, ScoreView, ScreeningView } from '@weop/contracts';
import type { ScoreSheet } from '../judging/jury-seat.entity';
import type { Endorsement, EvidenceFile, Nomination } from './nomination.entity';

export const nomineeView = (n: Nomination): NomineeView => ({
  kind: n.nomineeKind,
  name: n.nomineeName,
  country: n.nomineeCountry,
  countries: n.nomineeCountries,
  memberId: n.nomineeMemberId,
  organization: n.nomineeOrganization,
});

export const screeningView = (n: Nomination): ScreeningView | null =>
  n.screeningEligible === null || !n.screenedAt ? null : { eligible: n.screeningEligible, finalist: n.screeningFinalist, note: n.screeningNote ?? '', decidedAt: n.screenedAt.toISOString() };

export const scoreView = (s: ScoreSheet): ScoreView => ({ nominationId: s.nominationId, scores: s.criteria, total: s.total, comment: s.comment, updatedAt: s.updatedAt.toISOString() });

export function nominationSummary(n: Nomination, year: number, paused: boolean, role?: 'nominator' | 'nominee'): NominationSummary {
  return {
    id: n.id,
    cycleId: n.cycleId,
    year,
    category: n.category,
    nominee: nomineeView(n),
    status: n.status,
    paused,
    createdAt: n.createdAt.toISOString(),
    ...(role ? { role } : {}),
  };
}

export type Viewer = 'nominator' | 'nominee' | 'judge' | 'admin';

/**
 * Judges see confirmed endorsements only and the screening; the nominee does not see the screening
 * note; nobody but the nominator (and admins, in their list) learns who nominated.
 */
export function nominationView(
  n: Nomination,
  year: number,
  paused: boolean,
  viewer: Viewer,
  parts: { endorsements: Endorsement[]; files: EvidenceFile[]; myScore?: ScoreSheet | null },
): NominationView {
  const endorsements: EndorsementView[] = parts.endorsements
    .filter((e) => viewer !== 'judge' || e.status === 'confirmed')
    .map((e) => ({ name: e.name, organization: e.organization, status: e.status, statement: e.statement, respondedAt: e.respondedAt?.toISOString() ?? null }));
  return {
    ...nominationSummary(n, year, paused, viewer === 'nominator' || viewer === 'nominee' ? viewer : undefined),
    achievements: n.achievements,
    areas: n.areas,
    evidenceLinks: n.evidenceLinks,
    evidenceFiles: parts.files.map((f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, size: f.size })),
    endorsements,
    screening: viewer === 'judge' || viewer === 'admin' ? screeningView(n) : null,
    ...(viewer === 'judge' ? { myScore: parts.myScore ? scoreView(parts.myScore) : null } : {}),
    updatedAt: n.updatedAt.toISOString(),
  };
}
