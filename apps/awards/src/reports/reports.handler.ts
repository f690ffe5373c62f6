/** Awards' NATS requests about reports on nominations, and trust-safety's case updates for them. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AwardsRequests, CaseReportsUpdatedV1, FileReportPayload, MyReportsPayload, SubjectVisibilityChangedV1 } from '@weop/contracts';
import type { IdResponse, Principal, ReportPage } from '@weop/contracts';
import { Caller, OnEvent, RpcController } from '@weop/messaging';
import { NominationsRepository } from '../nominations/nominations.repository';
import { ReportsService } from './reports.service';

@RpcController()
export class ReportsHandler {
  constructor(private readonly reports: ReportsService) {}

  @MessagePattern(AwardsRequests.fileReport)
  file(@Caller() caller: Principal, @Payload() input: FileReportPayload): Promise<IdResponse> {
    return this.reports.file(caller, input);
  }

  @MessagePattern(AwardsRequests.myReports)
  mine(@Caller() caller: Principal, @Payload() input: MyReportsPayload): Promise<ReportPage> {
    return this.reports.mine(caller.accountId, input.limit, input.cursor);
  }

}

/**
 * Trust-safety's outcomes for nominations: case updates move the statuses of the reports filed here;
 * a nomination hidden pending review or removed is paused (out of screening, the jury and the results)
 * until it is made visible again.
 */
@Injectable()
export class ReportsConsumer {
  constructor(
    private readonly reports: ReportsService,
    private readonly nominations: NominationsRepository,
  ) {}

  @OnEvent(SubjectVisibilityChangedV1.subject)
  async visibilityChanged(event: SubjectVisibilityChangedV1, { em }: { em: EntityManager }): Promise<void> {
    if (event.subjectType !== 'nomination') return;
    await this.nominations.setModerationVisibility(em, event.subjectId, event.visibility, event.version);
  }

  @OnEvent(CaseReportsUpdatedV1.subject)
  async caseReportsUpdated(event: CaseReportsUpdatedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.reports.applyCaseUpdate(em, event);
  }
}
