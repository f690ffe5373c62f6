/** trust-safety's NATS requests: the guidelines (anyone) and the moderators' cases. */
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CaseListPayload, CasePayload, DecisionPayload, GuidelinePayload, LanguagePayload, TrustSafetyRequests } from '@weop/contracts';
import type { CasePage, CaseView, DecisionResponse, GuidelineSummary, GuidelineView, Principal } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { CasesService } from './cases/cases.service';
import { DecideCaseUseCase } from './cases/decide-case/decide-case.use-case';
import { GuidelinesService } from './policy/guidelines.service';

@RpcController()
export class TrustSafetyHandler {
  constructor(
    private readonly guidelines: GuidelinesService,
    private readonly cases: CasesService,
    private readonly decide: DecideCaseUseCase,
  ) {}

  @MessagePattern(TrustSafetyRequests.guidelines)
  listGuidelines(@Payload() input: LanguagePayload): GuidelineSummary[] {
    return this.guidelines.list(input.acceptLanguage);
  }

  @MessagePattern(TrustSafetyRequests.guideline)
  guideline(@Payload() input: GuidelinePayload): GuidelineView {
    return this.guidelines.get(input.code, input.acceptLanguage);
  }

  @MessagePattern(TrustSafetyRequests.cases)
  listCases(@Caller() caller: Principal, @Payload() input: CaseListPayload): Promise<CasePage> {
    return this.cases.list(caller, input);
  }

  @MessagePattern(TrustSafetyRequests.case)
  getCase(@Caller() caller: Principal, @Payload() input: CasePayload): Promise<CaseView> {
    return this.cases.get(caller, input.id);
  }

  @MessagePattern(TrustSafetyRequests.decide)
  decideCase(@Caller() caller: Principal, @Payload() input: DecisionPayload): Promise<DecisionResponse> {
    const { caseId, ...decision } = input;
    return this.decide.execute(caller, caseId, decision);
  }
}
