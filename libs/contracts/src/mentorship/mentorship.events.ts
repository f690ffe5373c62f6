/** What mentorship announces. */
import { ReportFiled } from '../reports/reports';

/** A member of the pair reported the mentorship (`subject.type = mentorship`); the other side is the snapshot's author. */
export class MentorshipReportFiledV1 extends ReportFiled {
  static readonly subject = 'mentorship.report.filed.v1';
}
