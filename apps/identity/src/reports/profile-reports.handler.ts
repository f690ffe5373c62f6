import { Injectable } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CaseReportsUpdatedV1, FileReportPayload, IdentityRequests, MyReportsPayload } from '@weop/contracts';
import type { IdResponse, Principal, ReportPage } from '@weop/contracts';
import { Caller, OnEvent, RpcController } from '@weop/messaging';
import { ProfileReportsService } from './profile-reports.service';

@RpcController()
export class ProfileReportsHandler {
  constructor(private readonly reports: ProfileReportsService) {}

  @MessagePattern(IdentityRequests.fileReport)
  file(@Caller() caller: Principal, @Payload() input: FileReportPayload): Promise<IdResponse> {
    return this.reports.file(caller, input);
  }

  @MessagePattern(IdentityRequests.myReports)
  mine(@Caller() caller: Principal, @Payload() input: MyReportsPayload): Promise<ReportPage> {
    return this.reports.mine(caller.accountId, input.limit, input.cursor);
  }
}

/** trust-safety's progress on a case about a profile, for the reporters' `GET /me/reports`. */
@Injectable()
export class ProfileReportsConsumer {
  constructor(private readonly reports: ProfileReportsService) {}

  @OnEvent(CaseReportsUpdatedV1.subject)
  async caseReportsUpdated(event: CaseReportsUpdatedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.reports.applyCaseUpdate(em, event);
  }
}
