/** trust-safety's NATS requests: the guidelines (anyone), the moderators' cases, sanctions and appeals. */
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AppealDecisionPayload,
  AppealListPayload,
  AppealPayload,
  CaseListPayload,
  CasePayload,
  DecisionPayload,
  GuidelinePayload,
  LanguagePayload,
  MemberHistoryPayload,
  MySanctionsPayload,
  TrustSafetyRequests,
} from '@weop/contracts';
import type { AppealPage, CasePage, CaseSummaryView, CaseView, DecisionResponse, GuidelineSummary, GuidelineView, MemberHistoryView, Principal, SanctionPage } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { AppealsService } from './appeals/appeals.service';
import { CasesService } from './cases/cases.service';
import { DecideCaseUseCase } from './cases/decide-case/decide-case.use-case';
import { GuidelinesService } from './policy/guidelines.service';
import { SanctionsService } from './sanctions/sanctions.service';

@RpcController()
export class TrustSafetyHandler {
  constructor(
    private readonly guidelines: GuidelinesService,
    private readonly cases: CasesService,
    private readonly decide: DecideCaseUseCase,
    private readonly sanctions: SanctionsService,
    private readonly appeals: AppealsService,
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

  @MessagePattern(TrustSafetyRequests.claim)
  claimCase(@Caller() caller: Principal, @Payload() input: CasePayload): Promise<CaseSummaryView> {
    return this.cases.claim(caller, input.id);
  }

  @MessagePattern(TrustSafetyRequests.release)
  releaseCase(@Caller() caller: Principal, @Payload() input: CasePayload): Promise<CaseSummaryView> {
    return this.cases.release(caller, input.id);
  }

  @MessagePattern(TrustSafetyRequests.decide)
  decideCase(@Caller() caller: Principal, @Payload() input: DecisionPayload): Promise<DecisionResponse> {
    const { caseId, ...decision } = input;
    return this.decide.execute(caller, caseId, decision);
  }

  @MessagePattern(TrustSafetyRequests.memberHistory)
  memberHistory(@Caller() caller: Principal, @Payload() input: MemberHistoryPayload): Promise<MemberHistoryView> {
    return this.sanctions.history(caller, input.accountId);
  }

  @MessagePattern(TrustSafetyRequests.mySanctions)
  mySanctions(@Caller() caller: Principal, @Payload() input: MySanctionsPayload): Promise<SanctionPage> {
    return this.sanctions.mine(caller, input);
  }

  @MessagePattern(TrustSafetyRequests.export)
  exportMine(@Caller() caller: Principal): Promise<Record<string, unknown>> {
    return this.sanctions.exportFor(caller);
  }

  @MessagePattern(TrustSafetyRequests.appeal)
  appeal(@Caller() caller: Principal, @Payload() input: AppealPayload): Promise<{ id: string }> {
    return this.appeals.file(caller, input);
  }

  @MessagePattern(TrustSafetyRequests.appeals)
  listAppeals(@Caller() caller: Principal, @Payload() input: AppealListPayload): Promise<AppealPage> {
    return this.appeals.list(caller, input);
  }

  @MessagePattern(TrustSafetyRequests.decideAppeal)
  decideAppeal(@Caller() caller: Principal, @Payload() input: AppealDecisionPayload): Promise<{ id: string; outcome: 'upheld' | 'overturned' }> {
    return this.appeals.decide(caller, input);
  }
}
