/** What community announces. */
import { ReportFiled } from '../reports/reports';

/** A member reported a message (`subject.type = message`) or a group (`subject.type = group`). */
export class CommunityReportFiledV1 extends ReportFiled {
  static readonly subject = 'community.report.filed.v1';
}
