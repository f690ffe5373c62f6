/** The API's answers as the console reads them (shapes from libs/contracts; kept here so the console needs no server code). */
export const GUIDELINES = ['be-real', 'respect', 'no-scams', 'privacy', 'intellectual-property', 'be-factual', 'safety'] as const;
export type Guideline = (typeof GUIDELINES)[number];
export const CASE_STATUSES = ['open', 'decided', 'dismissed'] as const;
export const SUBJECT_TYPES = ['blog', 'comment', 'publication', 'job', 'resource', 'event', 'discussion', 'reply', 'profile', 'mentorship', 'nomination', 'message', 'group'] as const;
export const COUNTRIES = ['AZ', 'CN', 'GE', 'KZ', 'KG', 'MN', 'PK', 'TJ', 'TM', 'UZ'] as const;
export const DECISION_ACTIONS = ['dismiss', 'remove-content', 'warn', 'suspend', 'expel'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export interface CaseSummary {
  id: string;
  subject: { type: string; id: string };
  guidelines: Guideline[];
  reportCount: number;
  priority: number;
  safetyLane: boolean;
  status: string;
  assignee: string | null;
  claimExpiresAt: string | null;
  hidden: boolean;
  authorCountry: string | null;
  openedAt: string;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export interface CaseReport {
  id: string;
  reporter: string;
  guideline: Guideline;
  details: string | null;
  signals: { detector: string; code: string; detail: string }[];
  weight: number;
  muted: boolean;
  /** The subject as this reporter saw it (null for reports kept before these were). */
  snapshot: Record<string, unknown> | null;
  filedAt: string;
}
export interface AppealBrief {
  id: string;
  status: string;
  statement?: string | null;
  decidedAt?: string | null;
}
export interface SanctionRecord {
  id: string;
  caseId: string;
  kind: string;
  guideline: Guideline;
  statement: string;
  startsAt: string;
  endsAt: string | null;
  liftedAt: string | null;
  liftReason: string | null;
  appeal: AppealBrief | null;
}
export interface AuthorRecord {
  id: string;
  country: string | null;
  activeStrikes: number;
  strikeDecayDays: number;
  sanctions: SanctionRecord[];
  suggestion: { action: 'warn' | 'suspend' | 'expel'; durationDays?: number; reason: string };
}
export interface CaseView extends CaseSummary {
  snapshot: Record<string, unknown>;
  authorId: string | null;
  author: AuthorRecord | null;
  reports: CaseReport[];
  history: { kind: string; actor: string | null; at: string; data: Record<string, unknown> }[];
}
export interface AppealView {
  id: string;
  status: string;
  text: string;
  filedAt: string;
  caseId: string;
  accountId: string;
  sanction: SanctionRecord;
  sanctionDecidedBy: string;
  decidedBy: string | null;
  decidedAt: string | null;
  statement: string | null;
}
export interface VerificationQueueItem {
  id: string;
  kind: 'identity' | 'organization';
  status: string;
  submittedAt: string;
  assignee: string | null;
}
export interface VerificationReview {
  id: string;
  status: string;
  documentType: string;
  submittedAt: string;
  expiresAt: string;
  reason: string | null;
  resubmissionsLeft: number;
  decidedAt: string | null;
  accountId?: string;
  legalName?: string;
  documentNumberLast4?: string;
  assignee?: string | null;
  decidedBy?: string | null;
  files?: { slot: string; url: string }[];
}
export interface AccessLogEntry {
  verifierId: string;
  slot: string;
  at: string;
}
export interface JobItem {
  id: string;
  title: string;
  description?: string;
  excerpt?: string;
  organization?: string;
  city?: string | null;
  remote?: boolean;
  country: string | null;
  status: string;
  createdAt: string;
  author: { id?: string; displayName?: string };
}
export interface ModerationStats {
  from: string;
  to: string;
  reportsReceived: number;
  reportsPerDay: { day: string; guideline: Guideline; count: number }[];
  casesByGuideline: { guideline: Guideline; count: number }[];
  casesByCountry: { country: string | null; count: number }[];
  actionsByKind: { action: DecisionAction; count: number }[];
  removals: number;
  medianHoursToFirstAction: number | null;
  medianHoursToDecision: number | null;
  appeals: { filed: number; decided: number; overturned: number; overturnRate: number | null };
}
export interface MemberHistory extends AuthorRecord {
  cases: { id: string; subject: { type: string; id: string }; status: string; guidelines: Guideline[]; openedAt: string; decision: string | null }[];
  asReporter: { upheld: number; dismissed: number; mutedUntil: string | null };
}
export interface OrganizationReview {
  id: string;
  name: string;
  country: string;
  website: string;
  emailDomain: string;
  status: string;
  verified: boolean;
  registrationNumber?: string;
  requestedBy?: string;
  emailConfirmedAt?: string | null;
  reason?: string | null;
  assignee?: string | null;
  files?: { slot: string; url: string }[];
  submittedAt?: string;
}
