/** NATS requests for reports on community's subjects, and trust-safety's answers to them. */
import { Injectable } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CaseReportsUpdatedV1, CommunityRequests, FileReportPayload, MyReportsPayload, SubjectVisibilityChangedV1 } from '@weop/contracts';
import type { IdResponse, Principal, ReportPage } from '@weop/contracts';
import { Caller, OnEvent, RpcController } from '@weop/messaging';
import { ReportsService } from './reports.service';

@RpcController()
export class ReportsHandler {
  constructor(private readonly reports: ReportsService) {}

  @MessagePattern(CommunityRequests.fileReport)
  file(@Caller() caller: Principal, @Payload() input: FileReportPayload): Promise<IdResponse> {
    return this.reports.file(caller, input);
  }

  @MessagePattern(CommunityRequests.myReports)
  mine(@Caller() caller: Principal, @Payload() input: MyReportsPayload): Promise<ReportPage> {
    return this.reports.mine(caller.accountId, input.limit, input.cursor);
  }
}

/** Trust-safety's outcomes for what was reported here: the one consumer of each subject in community. */
@Injectable()
export class ReportsConsumer {
  constructor(private readonly reports: ReportsService) {}

  @OnEvent(CaseReportsUpdatedV1.subject)
  async caseReportsUpdated(event: CaseReportsUpdatedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.reports.applyCaseUpdate(em, event);
  }

  @OnEvent(SubjectVisibilityChangedV1.subject)
  async visibilityChanged(event: SubjectVisibilityChangedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.reports.applyVisibility(em, event);
  }
}
