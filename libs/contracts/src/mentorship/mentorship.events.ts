/** What mentorship announces. */
import { IsISO8601, IsString, IsUUID, MaxLength } from 'class-validator';
import { ReportFiled } from '../reports/reports';

/** A member of the pair reported the mentorship (`subject.type = mentorship`); the other side is the snapshot's author. */
export class MentorshipReportFiledV1 extends ReportFiled {
  static readonly subject = 'mentorship.report.filed.v1';
}

/**
 * Mentorship told a member something (a request received or answered, a reminder, a pause, an end):
 * the same line as in `GET /mentorship/notifications`, for community's one inbox.
 */
export class MentorshipNotificationCreatedV1 {
  static readonly subject = 'mentorship.notification.created.v1';
  @IsUUID() notificationId!: string;
  @IsUUID() recipientId!: string;
  /** Mentorship's own kind, e.g. `mentorship.request.received`, `mentorship.reminder`, `mentorship.paused`. */
  @IsString() @MaxLength(100) kind!: string;
  @IsString() @MaxLength(500) text!: string;
  @IsString() @MaxLength(200) link!: string;
  @IsISO8601() createdAt!: string;
}
