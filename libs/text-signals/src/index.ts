/**
 * Detectors that read what members write and name what a moderator should look at (job-scam marks,
 * personal data that could get someone found). Pure functions over text, shared by every service that
 * takes free text from members (content's posts, community's first messages); never a verdict.
 */
export { clip, signal, MAX_DETAIL_LENGTH } from './signal';
export type { Signal, SignalDetector } from './signal';
export { detectDoxxing, maskValue } from './doxxing.detector';
export { detectJobScam, detectScamInMessage, findFeeRequest } from './job-scam.detector';
export type { JobPostingForScreening } from './job-scam.detector';
