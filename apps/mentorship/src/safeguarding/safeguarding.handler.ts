/** NATS requests for safeguarding: the code of conduct, reports on a mentorship, exit surveys. */
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ExitSurveyPayload, ExitSurveyQuery, FileReportPayload, SafeguardingRequests } from '@weop/contracts';
import type { CodeOfConductView, ExitSurveyPage, IdResponse, Principal } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
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

  @MessagePattern(SafeguardingRequests.exitSurvey)
  exitSurvey(@Caller() caller: Principal, @Payload() input: ExitSurveyPayload): Promise<{ submitted: true }> {
    return this.safeguarding.submitExitSurvey(caller, input);
  }

  @MessagePattern(SafeguardingRequests.exitSurveys)
  exitSurveys(@Caller() caller: Principal, @Payload() input: ExitSurveyQuery): Promise<ExitSurveyPage> {
    return this.safeguarding.exitSurveys(caller, input);
  }
}
