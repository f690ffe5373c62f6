/** What mentorship answers over NATS, and the HTTP shapes the gateway shows for it (API.md "Mentorship"). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination';

export const MentorshipRequests = {
  /** Her part of `GET /me/export`: everything this service holds of the caller. */
  export: 'mentorship.me.export',
  health: 'mentorship.health.ping',
  putMentorProfile: 'mentorship.mentor-profile.put',
  getMentorProfile: 'mentorship.mentor-profile.get',
  putMenteeProfile: 'mentorship.mentee-profile.put',
  getMenteeProfile: 'mentorship.mentee-profile.get',
  suggestions: 'mentorship.suggestions.list',
  createRequest: 'mentorship.request.create',
  myRequests: 'mentorship.request.mine',
  acceptRequest: 'mentorship.request.accept',
  declineRequest: 'mentorship.request.decline',
  withdrawRequest: 'mentorship.request.withdraw',
  myMentorships: 'mentorship.mentorship.mine',
  mentorship: 'mentorship.mentorship.get',
  completeMentorship: 'mentorship.mentorship.complete',
  endMentorship: 'mentorship.mentorship.end',
  notifications: 'mentorship.notifications.list',
} as const;

const NOT_BLANK = /\S/;
/** An IANA zone name (`Asia/Almaty`, `UTC`); the service also checks the zone exists. */
const TIME_ZONE = /^(UTC|[A-Za-z_]+(\/[A-Za-z0-9_+-]+){1,2})$/;

export const MENTORING_AREAS = [
  'career-planning', 'leadership', 'entrepreneurship', 'stem', 'finance', 'digital-skills', 'public-policy',
  'agriculture', 'trade', 'energy', 'transport', 'health', 'education', 'communication', 'negotiation', 'work-life-balance',
] as const;
export type MentoringArea = (typeof MENTORING_AREAS)[number];

export const MENTOR_GENDERS = ['woman', 'man', 'undisclosed'] as const;
export type MentorGender = (typeof MENTOR_GENDERS)[number];

const tags = (max: number) => [IsArray(), ArrayMaxSize(max), IsString({ each: true }), MaxLength(60, { each: true }), Matches(NOT_BLANK, { each: true, message: 'must not hold blank entries' })];
const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));
const Tags = (max = 20): PropertyDecorator => apply(tags(max));
const Areas = (): PropertyDecorator =>
  apply([IsArray(), ArrayMaxSize(16), IsIn(MENTORING_AREAS, { each: true, message: `each must be one of: ${MENTORING_AREAS.join(', ')}` })]);
const Languages = (): PropertyDecorator =>
  apply([IsArray(), ArrayMaxSize(12), Matches(/^[a-z]{2,3}$/, { each: true, message: 'each must be a lowercase ISO 639 language code (en, ru, kk, …)' })]);

export class MentorProfileRequest {
  @ApiProperty({ enum: MENTORING_AREAS, isArray: true, description: 'What she helps with' }) @Areas() expertise!: MentoringArea[];
  @ApiProperty({ example: ['en', 'ru'], description: 'ISO 639 codes' }) @Languages() languages!: string[];
  @ApiProperty({ example: ['KZ', 'UZ'], description: 'Countries she knows (CAREC member codes or others, ISO 3166 alpha-2)' })
  @IsArray() @ArrayMaxSize(30) @Matches(/^[A-Z]{2}$/, { each: true, message: 'each must be an ISO 3166 alpha-2 country code' }) countries!: string[];
  @ApiProperty({ example: 'Asia/Almaty' }) @IsString() @MaxLength(64) @Matches(TIME_ZONE, { message: 'must be an IANA time zone such as Asia/Almaty' }) timeZone!: string;
  @ApiProperty({ minimum: 1, maximum: 20, description: 'Mentees at once' }) @IsInt() @Min(1) @Max(20) capacity!: number;
  @ApiProperty({ description: 'false pauses her: open requests are answered for her, no new ones come' }) @IsBoolean() available!: boolean;
  @ApiPropertyOptional({ example: ['energy', 'banking'] }) @IsOptional() @Tags(20) industries?: string[];
  @ApiPropertyOptional({ enum: MENTOR_GENDERS, description: 'Lets mentees who asked for a woman mentor find her' }) @IsOptional() @IsIn(MENTOR_GENDERS) gender?: MentorGender;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) bio?: string;
}

export class MentorProfileView {
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ enum: MENTORING_AREAS, isArray: true }) expertise!: MentoringArea[];
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ type: [String] }) countries!: string[];
  @ApiProperty() timeZone!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty() available!: boolean;
  @ApiProperty({ type: [String] }) industries!: string[];
  @ApiProperty({ enum: MENTOR_GENDERS }) gender!: MentorGender;
  @ApiProperty() bio!: string;
  @ApiProperty({ description: 'Mentorships holding a seat (active or paused)' }) activeMentees!: number;
  @ApiProperty() updatedAt!: string;
}

export const COUNTRY_PREFERENCES = ['any', 'same', 'other'] as const;
export type CountryPreference = (typeof COUNTRY_PREFERENCES)[number];

/** A mentee's preferences, each a hard constraint on who is suggested or matched. */
export class MenteePreferences {
  @ApiPropertyOptional({ enum: COUNTRY_PREFERENCES, default: 'any', description: 'A mentor from her own country, from another, or either' })
  @IsOptional() @IsIn(COUNTRY_PREFERENCES, { message: `must be one of: ${COUNTRY_PREFERENCES.join(', ')}` }) country?: CountryPreference;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() womanMentorOnly?: boolean;
  @ApiPropertyOptional({ minimum: 0, maximum: 9, description: 'At least this many working hours shared with the mentor (9:00–18:00 each side)' })
  @IsOptional() @IsInt() @Min(0) @Max(9) minOverlapHours?: number;
}

export class MenteeProfileRequest {
  @ApiProperty({ example: ['lead a team within two years'] }) @Tags(10) goals!: string[];
  @ApiProperty({ enum: MENTORING_AREAS, isArray: true, description: 'What she wants help with' }) @Areas() expertise!: MentoringArea[];
  @ApiProperty({ example: ['ru', 'kk'] }) @Languages() languages!: string[];
  @ApiProperty({ example: 'Asia/Tashkent' }) @IsString() @MaxLength(64) @Matches(TIME_ZONE, { message: 'must be an IANA time zone such as Asia/Almaty' }) timeZone!: string;
  @ApiPropertyOptional({ type: MenteePreferences }) @IsOptional() @IsObject({ message: 'must be an object' }) @ValidateNested() @Type(() => MenteePreferences) preferences?: MenteePreferences;
}

export class MenteeProfileView {
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ type: [String] }) goals!: string[];
  @ApiProperty({ enum: MENTORING_AREAS, isArray: true }) expertise!: MentoringArea[];
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty() timeZone!: string;
  @ApiProperty({ type: MenteePreferences }) preferences!: Required<MenteePreferences>;
  @ApiProperty() updatedAt!: string;
}

export class SuggestionQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
}

export class SuggestionView {
  @ApiProperty({ format: 'uuid' }) mentorId!: string;
  @ApiProperty({ description: '0–100, higher is a better match' }) score!: number;
  @ApiProperty({ type: [String], example: ['shared languages: ru', 'expertise: leadership'] }) reasons!: string[];
}

export class SuggestionList {
  @ApiProperty({ type: [SuggestionView] }) items!: SuggestionView[];
}

export const REQUEST_STATUSES = ['pending', 'accepted', 'declined', 'withdrawn', 'expired', 'paused'] as const;
export type MentorshipRequestStatus = (typeof REQUEST_STATUSES)[number];

export const DECLINE_REASONS = ['no-capacity', 'expertise-mismatch', 'schedule', 'language', 'other', 'mentor-unavailable'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];
/** What a mentor may choose; `mentor-unavailable` is the platform's own, when she pauses. */
export const MENTOR_DECLINE_REASONS = DECLINE_REASONS.filter((r) => r !== 'mentor-unavailable');

export class CreateMentorshipRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) mentorId!: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @MinLength(1) @MaxLength(2000) @Matches(NOT_BLANK, { message: 'must not be blank' }) message!: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @Tags(10) goals?: string[];
}

export class DeclineMentorshipRequest {
  @ApiProperty({ enum: MENTOR_DECLINE_REASONS }) @IsIn(MENTOR_DECLINE_REASONS, { message: `must be one of: ${MENTOR_DECLINE_REASONS.join(', ')}` }) reason!: DeclineReason;
  @ApiPropertyOptional({ maxLength: 1000, description: 'A few words of her own for the mentee' }) @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

export class MentorshipIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
}

export class MyRequestsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['mentee', 'mentor'], default: 'mentee', description: 'Requests I sent, or requests sent to me' })
  @IsOptional() @IsIn(['mentee', 'mentor'], { message: 'must be mentee or mentor' }) as?: 'mentee' | 'mentor';
  @ApiPropertyOptional({ enum: REQUEST_STATUSES }) @IsOptional() @IsIn(REQUEST_STATUSES, { message: `must be one of: ${REQUEST_STATUSES.join(', ')}` }) status?: MentorshipRequestStatus;
}

export class MentorshipRequestView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) mentorId!: string;
  @ApiProperty({ format: 'uuid' }) menteeId!: string;
  @ApiProperty({ enum: REQUEST_STATUSES }) status!: MentorshipRequestStatus;
  @ApiProperty() message!: string;
  @ApiProperty({ type: [String] }) goals!: string[];
  @ApiPropertyOptional({ enum: DECLINE_REASONS, nullable: true }) declineReason!: DeclineReason | null;
  @ApiPropertyOptional({ nullable: true, type: String }) declineNote!: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The mentorship an accepted request became' }) mentorshipId!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() expiresAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) answeredAt!: string | null;
}

export class MentorshipRequestPage {
  @ApiProperty({ type: [MentorshipRequestView] }) items!: MentorshipRequestView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CreatedRequestView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['pending'] }) status!: 'pending';
}

export const MENTORSHIP_STATUSES = ['active', 'paused', 'completed', 'ended'] as const;
export type MentorshipStatus = (typeof MENTORSHIP_STATUSES)[number];

export const END_REASONS = ['goals-met', 'no-time', 'not-a-fit', 'conduct', 'other'] as const;
export type EndReason = (typeof END_REASONS)[number];

export class CompleteMentorshipRequest {
  @ApiProperty({ maxLength: 2000, description: 'Her closing note; the mentorship completes once both sides wrote one' })
  @IsString() @MaxLength(2000) @Matches(NOT_BLANK, { message: 'must not be blank' }) note!: string;
}

export class EndMentorshipRequest {
  @ApiProperty({ enum: END_REASONS }) @IsIn(END_REASONS, { message: `must be one of: ${END_REASONS.join(', ')}` }) reason!: EndReason;
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

export class MentorshipView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) mentorId!: string;
  @ApiProperty({ format: 'uuid' }) menteeId!: string;
  @ApiProperty({ enum: MENTORSHIP_STATUSES }) status!: MentorshipStatus;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) programmeId!: string | null;
  @ApiProperty() startedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) endedAt!: string | null;
  @ApiPropertyOptional({ enum: END_REASONS, nullable: true }) endReason!: EndReason | null;
  @ApiPropertyOptional({ nullable: true, type: String }) mentorNote!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) menteeNote!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) lastSessionAt!: string | null;
}

export class MentorshipPage {
  @ApiProperty({ type: [MentorshipView] }) items!: MentorshipView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'mentorship.request.received' }) kind!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ example: '/mentorship/requests/…' }) link!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) readAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class NotificationPage {
  @ApiProperty({ type: [NotificationView] }) items!: NotificationView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

// ---- NATS payloads (the gateway adds ids from the path) ----
export class MentorshipIdPayload {
  @IsUUID() id!: string;
}
/** A list inside one mentorship or cohort (its id from the path), a page at a time. */
export class MentorshipListPayload extends PageQuery {
  @IsUUID() id!: string;
}
export class DeclineMentorshipPayload extends DeclineMentorshipRequest {
  @IsUUID() id!: string;
}
export class CompleteMentorshipPayload extends CompleteMentorshipRequest {
  @IsUUID() id!: string;
}
export class EndMentorshipPayload extends EndMentorshipRequest {
  @IsUUID() id!: string;
}

// ---- Inside a mentorship: goals, sessions, tasks, feedback ----
export const MentorshipWorkRequests = {
  goals: 'mentorship.goal.list',
  addGoal: 'mentorship.goal.add',
  updateGoal: 'mentorship.goal.update',
  sessions: 'mentorship.session.list',
  logSession: 'mentorship.session.log',
  tasks: 'mentorship.task.list',
  addTask: 'mentorship.task.add',
  updateTask: 'mentorship.task.update',
  feedback: 'mentorship.feedback.get',
  giveFeedback: 'mentorship.feedback.give',
} as const;

export class MentorshipItemParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) itemId!: string;
}

export class AddGoalRequest {
  @ApiProperty({ maxLength: 300 }) @IsString() @MaxLength(300) @Matches(NOT_BLANK, { message: 'must not be blank' }) title!: string;
}

export class UpdateGoalRequest {
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @IsString() @MaxLength(300) @Matches(NOT_BLANK, { message: 'must not be blank' }) title?: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'Percent done' }) @IsOptional() @IsInt() @Min(0) @Max(100) progress?: number;
}

export class GoalView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() progress!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class LogSessionRequest {
  @ApiProperty({ description: 'When it took place (ISO-8601), not in the future' }) @IsString() @Matches(/^\d{4}-\d{2}-\d{2}T/, { message: 'must be an ISO-8601 date-time' }) heldAt!: string;
  @ApiProperty({ minimum: 5, maximum: 600 }) @IsInt() @Min(5) @Max(600) durationMinutes!: number;
  @ApiPropertyOptional({ maxLength: 5000, description: 'Private to the pair' }) @IsOptional() @IsString() @MaxLength(5000) notes?: string;
}

export class MentoringSessionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() heldAt!: string;
  @ApiProperty() durationMinutes!: number;
  @ApiProperty() notes!: string;
  @ApiProperty({ format: 'uuid' }) loggedBy!: string;
}

export class AddTaskRequest {
  @ApiProperty({ maxLength: 300 }) @IsString() @MaxLength(300) @Matches(NOT_BLANK, { message: 'must not be blank' }) title!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^\d{4}-\d{2}-\d{2}/, { message: 'must be an ISO-8601 date' }) dueAt?: string;
}

export class UpdateTaskRequest {
  @ApiProperty() @IsBoolean() done!: boolean;
}

export class TaskView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) dueAt!: string | null;
  @ApiProperty() done!: boolean;
  @ApiProperty() createdAt!: string;
}

export class GiveFeedbackRequest {
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) rating!: number;
  @ApiProperty({ maxLength: 3000 }) @IsString() @MaxLength(3000) text!: string;
}

export class FeedbackEntry {
  @ApiProperty() rating!: number;
  @ApiProperty() text!: string;
  @ApiProperty() givenAt!: string;
}

export class FeedbackView {
  @ApiPropertyOptional({ type: FeedbackEntry, nullable: true }) mine!: FeedbackEntry | null;
  @ApiPropertyOptional({ type: FeedbackEntry, nullable: true, description: "The other side's, shown only once both answered" }) theirs!: FeedbackEntry | null;
  @ApiProperty({ description: 'Whether the other side has answered' }) theyAnswered!: boolean;
}

export class GoalList {
  @ApiProperty({ type: [GoalView] }) items!: GoalView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
export class MentoringSessionList {
  @ApiProperty({ type: [MentoringSessionView] }) items!: MentoringSessionView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
export class TaskList {
  @ApiProperty({ type: [TaskView] }) items!: TaskView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class AddGoalPayload extends AddGoalRequest { @IsUUID() id!: string; }
export class UpdateGoalPayload extends UpdateGoalRequest { @IsUUID() id!: string; @IsUUID() itemId!: string; }
export class LogSessionPayload extends LogSessionRequest { @IsUUID() id!: string; }
export class AddTaskPayload extends AddTaskRequest { @IsUUID() id!: string; }
export class UpdateTaskPayload extends UpdateTaskRequest { @IsUUID() id!: string; @IsUUID() itemId!: string; }
export class GiveFeedbackPayload extends GiveFeedbackRequest { @IsUUID() id!: string; }

// ---- Programme cohorts and matching runs ----
export const ProgrammeRequests = {
  create: 'mentorship.programme.create',
  list: 'mentorship.programme.list',
  apply: 'mentorship.programme.apply',
  runMatching: 'mentorship.matching-run.create',
  getRun: 'mentorship.matching-run.get',
  publishRun: 'mentorship.matching-run.publish',
  attachSession: 'mentorship.programme.session.attach',
  detachSession: 'mentorship.programme.session.detach',
  sessions: 'mentorship.programme.session.list',
  recordAttendance: 'mentorship.programme.attendance.record',
  completion: 'mentorship.programme.completion.get',
  certificate: 'mentorship.programme.certificate.get',
} as const;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export class CreateProgrammeRequest {
  @ApiProperty({ maxLength: 200, example: 'WEOP mentorship programme 2027' }) @IsString() @MaxLength(200) @Matches(NOT_BLANK, { message: 'must not be blank' }) name!: string;
  @ApiPropertyOptional({ maxLength: 5000 }) @IsOptional() @IsString() @MaxLength(5000) description?: string;
  @ApiProperty({ example: '2027-01-10T00:00:00Z' }) @IsString() @Matches(ISO_DATE_TIME, { message: 'must be an ISO-8601 date-time with a zone' }) applicationsOpenAt!: string;
  @ApiProperty({ example: '2027-02-10T00:00:00Z' }) @IsString() @Matches(ISO_DATE_TIME, { message: 'must be an ISO-8601 date-time with a zone' }) applicationsCloseAt!: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 75, description: 'Share of the cohort\'s held sessions a mentee must attend to complete' })
  @IsOptional() @IsInt() @Min(0) @Max(100) requiredAttendancePercent?: number;
}

export const PROGRAMME_STATUSES = ['upcoming', 'applications-open', 'applications-closed'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];

export class ProgrammeView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty() applicationsOpenAt!: string;
  @ApiProperty() applicationsCloseAt!: string;
  @ApiProperty({ enum: PROGRAMME_STATUSES, description: 'Follows the application dates' }) status!: ProgrammeStatus;
  @ApiProperty() mentorApplicants!: number;
  @ApiProperty() menteeApplicants!: number;
  @ApiProperty() requiredAttendancePercent!: number;
}

export class ProgrammePage {
  @ApiProperty({ type: [ProgrammeView] }) items!: ProgrammeView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ProgrammeApplicationRequest {
  @ApiProperty({ enum: ['mentor', 'mentee'] }) @IsIn(['mentor', 'mentee'], { message: 'must be mentor or mentee' }) role!: 'mentor' | 'mentee';
}

export class ProgrammeApplicationView {
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ enum: ['mentor', 'mentee'] }) role!: 'mentor' | 'mentee';
  @ApiProperty() appliedAt!: string;
}

export class MatchingRunParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) runId!: string;
}

export class ProposalView {
  @ApiProperty({ format: 'uuid' }) menteeId!: string;
  @ApiProperty({ format: 'uuid' }) mentorId!: string;
  @ApiProperty() score!: number;
  @ApiProperty({ type: [String] }) reasons!: string[];
}

export class MatchingRunView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ enum: ['proposed', 'published'] }) status!: 'proposed' | 'published';
  @ApiProperty({ example: 'min-cost-flow' }) method!: string;
  @ApiProperty({ description: 'The sum of the proposals’ scores: the largest total over the pairs the run weighed (every allowed pair up to 2,000 mentees, each mentee’s 160 best above)' }) totalScore!: number;
  @ApiPropertyOptional({
    nullable: true, type: Number,
    description: 'Proven: no assignment of the whole cohort within capacities and constraints reaches more than this. Equal to totalScore when the run is proven optimal; null for older runs',
  }) qualityBound!: number | null;
  @ApiProperty({ description: 'What pairing the best pairs first would have reached, for comparison' }) greedyScore!: number;
  @ApiProperty({ type: [ProposalView] }) proposals!: ProposalView[];
  @ApiProperty({ type: [String], description: 'Mentee applicants without a proposal' }) unmatched!: string[];
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) publishedAt!: string | null;
}

export class ProposalPair {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) menteeId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) mentorId!: string;
}

/** The admin's adjustments before publishing: proposals dropped, pairs of her own (each checked like the run's). */
export class PublishMatchingRunRequest {
  @ApiPropertyOptional({ type: [String], description: 'Mentees whose proposal is dropped' }) @IsOptional() @IsArray() @ArrayMaxSize(10000) @IsUUID('4', { each: true, message: 'each must be a UUID' }) drop?: string[];
  @ApiPropertyOptional({ type: [ProposalPair], description: 'Pairs to make instead (replacing that mentee’s proposal)' })
  @IsOptional() @IsArray() @ArrayMaxSize(10000) @ValidateNested({ each: true }) @Type(() => ProposalPair) pairs?: ProposalPair[];
}

export class PublishedRunView {
  @ApiProperty({ format: 'uuid' }) runId!: string;
  @ApiProperty({ description: 'Mentorships begun' }) created!: number;
}

export class CreateProgrammePayload extends CreateProgrammeRequest {}
export class ProgrammeApplicationPayload extends ProgrammeApplicationRequest { @IsUUID() id!: string; }
export class MatchingRunPayload { @IsUUID() id!: string; @IsUUID() runId!: string; }
export class PublishMatchingRunPayload extends PublishMatchingRunRequest { @IsUUID() id!: string; @IsUUID() runId!: string; }

// ---- Cohort sessions: content's events attached to a cohort, attendance, completion, certificate ----
export const COHORT_SESSION_KINDS = ['training', 'webinar', 'workshop'] as const;
export type CohortSessionKind = (typeof COHORT_SESSION_KINDS)[number];

export class AttachSessionRequest {
  @ApiProperty({ format: 'uuid', description: 'A published event of content (`GET /events/{id}`)' }) @IsUUID('4', { message: 'must be a UUID' }) eventId!: string;
  @ApiProperty({ enum: COHORT_SESSION_KINDS }) @IsIn(COHORT_SESSION_KINDS, { message: `must be one of: ${COHORT_SESSION_KINDS.join(', ')}` }) kind!: CohortSessionKind;
}

export class CohortSessionParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) eventId!: string;
}

export class RecordAttendanceRequest {
  @ApiProperty({ type: [String], description: 'Participants who attended (ids)' })
  @IsArray() @ArrayMaxSize(2000) @IsUUID('4', { each: true, message: 'each must be a UUID' }) attended!: string[];
  @ApiPropertyOptional({ type: [String], description: 'Participants marked absent (a correction of an earlier record)' })
  @IsOptional() @IsArray() @ArrayMaxSize(2000) @IsUUID('4', { each: true, message: 'each must be a UUID' }) absent?: string[];
}

export class CohortSessionView {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: COHORT_SESSION_KINDS }) kind!: CohortSessionKind;
  @ApiProperty({ nullable: true, type: String }) startsAt!: string | null;
  @ApiProperty() attachedAt!: string;
  @ApiProperty({ description: 'Whether the session has taken place (it counts toward completion from then)' }) held!: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'How many attended (programme administrators only)' }) attendees!: number | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Whether the caller attended (participants only)' }) attended!: boolean | null;
}

export class CohortSessionList {
  @ApiProperty({ type: [CohortSessionView] }) items!: CohortSessionView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CompletionView {
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ description: 'Sessions of the cohort held so far' }) sessionsHeld!: number;
  @ApiProperty() sessionsAttended!: number;
  @ApiProperty({ description: 'Sessions she must attend (the cohort\'s share of those held, rounded up)' }) sessionsRequired!: number;
  @ApiProperty({ description: 'Her programme mentorship was completed by both sides' }) mentorshipCompleted!: boolean;
  @ApiProperty() completed!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Where to download her certificate, once completed' }) certificateUrl!: string | null;
}

export class CertificateResponse {
  @ApiProperty() filename!: string;
  @ApiProperty() contentBase64!: string;
}

export class AttachSessionPayload extends AttachSessionRequest { @IsUUID() id!: string; }
export class CohortSessionPayload { @IsUUID() id!: string; @IsUUID() eventId!: string; }
export class RecordAttendancePayload extends RecordAttendanceRequest { @IsUUID() id!: string; @IsUUID() eventId!: string; }

// ---- Safeguarding: the code of conduct, reports, the confidential exit survey ----
export const SafeguardingRequests = {
  conduct: 'mentorship.conduct.get',
  acceptConduct: 'mentorship.conduct.accept',
  fileReport: 'mentorship.report.file',
  myReports: 'mentorship.reports.mine',
  exitSurvey: 'mentorship.exit-survey.submit',
  exitSurveys: 'mentorship.exit-survey.list',
} as const;

export class CodeOfConductView {
  @ApiProperty({ example: '2026-11' }) version!: string;
  @ApiProperty() text!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'When she accepted this version' }) acceptedAt!: string | null;
}

export class ExitSurveyRequest {
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) rating!: number;
  @ApiProperty({ description: 'Whether she felt safe and respected' }) @IsBoolean() feltSafe!: boolean;
  @ApiProperty({ description: 'Whether she would recommend the programme' }) @IsBoolean() wouldRecommend!: boolean;
  @ApiPropertyOptional({ maxLength: 5000, description: 'Read by programme administrators only, never by the other side' }) @IsOptional() @IsString() @MaxLength(5000) comments?: string;
}

export class ExitSurveyView {
  @ApiProperty({ format: 'uuid' }) mentorshipId!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) programmeId!: string | null;
  @ApiProperty({ enum: ['mentor', 'mentee'] }) side!: 'mentor' | 'mentee';
  @ApiProperty() rating!: number;
  @ApiProperty() feltSafe!: boolean;
  @ApiProperty() wouldRecommend!: boolean;
  @ApiProperty() comments!: string;
  @ApiProperty() submittedAt!: string;
}

export class ExitSurveyQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4', { message: 'must be a UUID' }) programmeId?: string;
}

export class ExitSurveyPage {
  @ApiProperty({ type: [ExitSurveyView] }) items!: ExitSurveyView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ExitSurveyPayload extends ExitSurveyRequest { @IsUUID() id!: string; }
