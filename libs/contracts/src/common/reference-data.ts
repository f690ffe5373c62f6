/** The ten CAREC member countries, by ISO 3166-1 alpha-2 code. */
export const CAREC_COUNTRIES = ['AZ', 'CN', 'GE', 'KZ', 'KG', 'MN', 'PK', 'TJ', 'TM', 'UZ'] as const;
export type CarecCountry = (typeof CAREC_COUNTRIES)[number];

/** Roles as API.md lists them. Every account has `member`. */
export const ROLES = [
  'member',
  'mentor',
  'verifier',
  'moderator',
  'senior-moderator',
  'awards-admin',
  'judge',
  'programme-admin',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ACCOUNT_STATUSES = ['active', 'suspended', 'expelled'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const VERIFICATION_STATES = ['none', 'pending', 'verified', 'rejected'] as const;
export type VerificationState = (typeof VERIFICATION_STATES)[number];

/** The community guidelines' stable codes (the brief's "Community Guidelines"); every report and decision cites one. */
export const GUIDELINES = ['be-real', 'respect', 'no-scams', 'privacy', 'intellectual-property', 'be-factual', 'safety'] as const;
export type Guideline = (typeof GUIDELINES)[number];

/** Staff who may act on any member's content (unpublish, remove, review jobs). */
export const CONTENT_STAFF_ROLES: readonly Role[] = ['moderator', 'senior-moderator', 'admin'];

/** Whether a caller (with her roles) is staff who may act on any member's content and cases. */
export const isStaff = (caller: { roles: readonly Role[] } | null | undefined): boolean => Boolean(caller?.roles.some((r) => CONTENT_STAFF_ROLES.includes(r)));
