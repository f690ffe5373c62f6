/** NATS requests for safeguarding: the code of conduct, reports on a mentorship, exit surveys. */
import { Injectable } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CaseReportsUpdatedV1, ExitSurveyPayload, ExitSurveyQuery, FileReportPayload, MyReportsPayload, SafeguardingRequests } from '@weop/contracts';
import type { CodeOfConductView, ExitSurveyPage, IdResponse, Principal, ReportPage } from '@weop/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Caller, OnEvent, RpcController } from '@weop/messaging';
import { SafeguardingService } from './safeguarding.service';

@RpcController()
export class SafeguardingHandler {
  constructor(private readonly safeguarding: SafeguardingService) {}

  @MessagePattern(SafeguardingRequests.conduct)
  conduct(@Caller() caller: Principal): Promise<CodeOfConductView> {
    return this.safeguarding.conduct(caller);
  }

  @MessagePattern(SafeguardingRequests.acceptConduct)
  acceptConduct(@Caller() caller: Principal): Promise<CodeOfConductView> {
    return this.safeguarding.acceptConduct(caller);
  }

  @MessagePattern(SafeguardingRequests.fileReport)
  fileReport(@Caller() caller: Principal, @Payload() input: FileReportPayload): Promise<IdResponse> {
    return this.safeguarding.fileReport(caller, input);
  }

  @MessagePattern(SafeguardingRequests.myReports)
  myReports(@Caller() caller: Principal, @Payload() input: MyReportsPayload): Promise<ReportPage> {
    return this.safeguarding.mine(caller.accountId, input.limit, input.cursor);
  }

  @MessagePattern(SafeguardingRequests.exitSurvey)
  exitSurvey(@Caller() caller: Principal, @Payload() input: ExitSurveyPayload): Promise<{ submitted: true }> {
    return this.safeguarding.submitExitSurvey(caller, input);
  }

  @MessagePattern(SafeguardingRequests.exitSurveys)
  exitSurveys(@Caller() caller: Principal, @Payload() input: ExitSurveyQuery): Promise<ExitSurveyPage> {
    return this.safeguarding.exitSurveys(caller, input);
  }
}

/** Trust-safety's case updates move the statuses of the reports filed here. */
@Injectable()
export class SafeguardingConsumer {
  constructor(private readonly safeguarding: SafeguardingService) {}

  @OnEvent(CaseReportsUpdatedV1.subject)
  async caseReportsUpdated(event: CaseReportsUpdatedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.safeguarding.applyCaseUpdate(em, event);
  }
}
