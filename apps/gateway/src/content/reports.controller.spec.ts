import { AwardsRequests, CommunityRequests, ContentRequests, DomainError, IdentityRequests, REPORT_SUBJECT_TYPES, SafeguardingRequests } from '@weop/contracts';
import type { FileReportRequest, ReportPage } from '@weop/contracts';
import type { ServiceClient } from '@weop/messaging';
import type { GatewayConfig } from '../gateway.config';
import { ReportsController } from './reports.controller';

/** The gateway's routing of reports: each subject to the service that keeps it, and only services it fronts. */
describe('ReportsController', () => {
  const asked: string[] = [];
  const client = {
    request: (subject: string): Promise<unknown> => {
      asked.push(subject);
      return Promise.resolve(subject.endsWith('myReports') ? ({ items: [], nextCursor: null } satisfies ReportPage) : { id: 'r1' });
    },
  } as unknown as ServiceClient;
  const controller = (services: string[]): ReportsController => new ReportsController(client, { WEOP_SERVICES: services } as unknown as GatewayConfig);
  const report = (type: string): FileReportRequest => ({ subject: { type, id: '7c0e5a52-9f55-4a39-9d5e-0b9d0b3f8f11' }, guideline: 'respect' }) as FileReportRequest;
  const all = ['identity', 'content', 'trust-safety', 'awards', 'mentorship', 'community'];

  beforeEach(() => {
    asked.length = 0;
  });

  it('files each kind of subject with the service that keeps it', async () => {
    const gateway = controller(all);
    for (const type of ['blog', 'profile', 'mentorship', 'message', 'group', 'nomination']) await gateway.file(report(type), {});
    expect(asked).toEqual([
      ContentRequests.fileReport, IdentityRequests.fileReport, SafeguardingRequests.fileReport, CommunityRequests.fileReport, CommunityRequests.fileReport, AwardsRequests.fileReport,
    ]);
  });

  it('has a service for every kind of subject a report may name', async () => {
    const gateway = controller(all);
    for (const type of REPORT_SUBJECT_TYPES) await gateway.file(report(type), {});
    expect(asked).toHaveLength(REPORT_SUBJECT_TYPES.length);
  });

  it('answers 404 for a subject whose service this platform runs without, and lists her reports only from those it runs', async () => {
    const gateway = controller(['identity', 'trust-safety']);
    for (const type of ['blog', 'mentorship', 'message', 'nomination']) {
      await expect(Promise.resolve().then(() => gateway.file(report(type), {}))).rejects.toMatchObject({ code: 'NOT_FOUND' } satisfies Partial<DomainError>);
    }
    await gateway.file(report('profile'), {});
    await gateway.mine({}, {});
    expect(asked).toEqual([IdentityRequests.fileReport, IdentityRequests.myReports]);
  });
});
