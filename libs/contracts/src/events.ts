import { AwardsReportFiledV1, ChampionAnnouncedV1, NominationResultV1 } from './awards/awards.events';
import { ContentCommentCreatedV1, ContentPublishedV1, ContentUpdatedV1, ContentWithdrawnV1 } from './content/content.events';
import { AccountDeletedV1, AccountRegisteredV1, BlockCreatedV1, BlockRemovedV1, AccountRolesChangedV1, AccountStatusChangedV1, OrganizationVerifiedV1, ProfileChangedV1, SessionsEndedV1, VerificationApprovedV1, VerificationRevokedV1 } from './identity/identity.events';
import { ContentReportFiledV1, IdentityReportFiledV1 } from './reports/reports';
import { MentorshipNotificationCreatedV1, MentorshipReportFiledV1 } from './mentorship/mentorship.events';
import { CommunityReportFiledV1 } from './community/community.events';
import { AppealDecidedV1, CaseReportsUpdatedV1, DecisionMadeV1, ReportOutcomeV1, SanctionImposedV1, SanctionLiftedV1, SubjectVisibilityChangedV1 } from './trust-safety/trust-safety.events';

/**
 * Every event subject the platform publishes, with its payload class. `publish(subject, payload)` and
 * consumers are typed from this map, and payloads are validated against the class on both ends.
 * A breaking change is a new `.vN` entry, published beside the old one until consumers move.
 */
export const EVENTS = {
  [AccountRegisteredV1.subject]: AccountRegisteredV1,
  [AccountStatusChangedV1.subject]: AccountStatusChangedV1,
  [AccountRolesChangedV1.subject]: AccountRolesChangedV1,
  [AccountDeletedV1.subject]: AccountDeletedV1,
  [SessionsEndedV1.subject]: SessionsEndedV1,
  [ProfileChangedV1.subject]: ProfileChangedV1,
  [VerificationApprovedV1.subject]: VerificationApprovedV1,
  [VerificationRevokedV1.subject]: VerificationRevokedV1,
  [OrganizationVerifiedV1.subject]: OrganizationVerifiedV1,
  [BlockCreatedV1.subject]: BlockCreatedV1,
  [BlockRemovedV1.subject]: BlockRemovedV1,
  [IdentityReportFiledV1.subject]: IdentityReportFiledV1,
  [ContentReportFiledV1.subject]: ContentReportFiledV1,
  [ContentPublishedV1.subject]: ContentPublishedV1,
  [ContentUpdatedV1.subject]: ContentUpdatedV1,
  [ContentWithdrawnV1.subject]: ContentWithdrawnV1,
  [SubjectVisibilityChangedV1.subject]: SubjectVisibilityChangedV1,
  [DecisionMadeV1.subject]: DecisionMadeV1,
  [SanctionImposedV1.subject]: SanctionImposedV1,
  [SanctionLiftedV1.subject]: SanctionLiftedV1,
  [AppealDecidedV1.subject]: AppealDecidedV1,
  [CaseReportsUpdatedV1.subject]: CaseReportsUpdatedV1,
  [ChampionAnnouncedV1.subject]: ChampionAnnouncedV1,
  [MentorshipReportFiledV1.subject]: MentorshipReportFiledV1,
  [AwardsReportFiledV1.subject]: AwardsReportFiledV1,
  [CommunityReportFiledV1.subject]: CommunityReportFiledV1,
  [ContentCommentCreatedV1.subject]: ContentCommentCreatedV1,
  [MentorshipNotificationCreatedV1.subject]: MentorshipNotificationCreatedV1,
  [ReportOutcomeV1.subject]: ReportOutcomeV1,
  [NominationResultV1.subject]: NominationResultV1,
} as const;

export type EventSubject = keyof typeof EVENTS;
export type EventPayload<S extends EventSubject> = InstanceType<(typeof EVENTS)[S]>;

/** The producing service is the subject's first token: one JetStream stream per producer. */
export const producerOf = (subject: string): string => subject.split('.')[0];
