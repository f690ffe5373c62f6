/** Awards' NATS requests about nominations, their evidence and their endorsements. */
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AddEvidencePayload, AnswerEndorsementPayload, AwardsRequests, ConsentPayload, CycleNominationsPayload, EndorsementPayload, EvidencePayload, NominatePayload, NominationPayload, PageQuery } from '@weop/contracts';
import type { AdminNominationPage, CreatedNomination, DownloadResponse, EndorsementRequestView, EvidenceFileView, NominationPage, NominationView, Principal } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { MemberExportService } from '../members/member-export.service';
import { EvidenceService } from './evidence.service';
import { NominationsService } from './nominations.service';

@RpcController()
export class NominationsHandler {
  constructor(
    private readonly nominations: NominationsService,
    private readonly evidence: EvidenceService,
    private readonly memberExport: MemberExportService,
  ) {}

  /** Her part of `GET /me/export`. */
  @MessagePattern(AwardsRequests.export)
  export(@Caller() caller: Principal): Promise<Record<string, unknown>> {
    return this.memberExport.export(caller);
  }

  @MessagePattern(AwardsRequests.nominate)
  nominate(@Caller() caller: Principal, @Payload() input: NominatePayload): Promise<CreatedNomination> {
    const { cycleId, ...nomination } = input;
    return this.nominations.nominate(caller, cycleId, nomination);
  }

  @MessagePattern(AwardsRequests.myNominations)
  mine(@Caller() caller: Principal, @Payload() input: PageQuery): Promise<NominationPage> {
    return this.nominations.mine(caller, input);
  }

  @MessagePattern(AwardsRequests.nomination)
  get(@Caller() caller: Principal, @Payload() input: NominationPayload): Promise<NominationView> {
    return this.nominations.get(caller, input.nominationId);
  }

  @MessagePattern(AwardsRequests.consent)
  consent(@Caller() caller: Principal, @Payload() input: ConsentPayload): Promise<NominationView> {
    return this.nominations.consent(caller, input.nominationId, { consent: input.consent });
  }

  @MessagePattern(AwardsRequests.withdraw)
  withdraw(@Caller() caller: Principal, @Payload() input: NominationPayload): Promise<NominationView> {
    return this.nominations.withdraw(caller, input.nominationId);
  }

  @MessagePattern(AwardsRequests.cycleNominations)
  ofCycle(@Caller() caller: Principal, @Payload() input: CycleNominationsPayload): Promise<AdminNominationPage> {
    const { cycleId, ...query } = input;
    return this.nominations.ofCycle(caller, cycleId, query);
  }

  @MessagePattern(AwardsRequests.addEvidence)
  addEvidence(@Caller() caller: Principal, @Payload() input: AddEvidencePayload): Promise<EvidenceFileView> {
    return this.evidence.add(caller, input.nominationId, input.file);
  }

  @MessagePattern(AwardsRequests.evidence)
  download(@Caller() caller: Principal, @Payload() input: EvidencePayload): Promise<DownloadResponse> {
    return this.evidence.download(caller, input.nominationId, input.fileId);
  }

  @MessagePattern(AwardsRequests.endorsement)
  endorsement(@Payload() input: EndorsementPayload): Promise<EndorsementRequestView> {
    return this.nominations.endorsement(input.token);
  }

  @MessagePattern(AwardsRequests.answerEndorsement)
  answer(@Payload() input: AnswerEndorsementPayload): Promise<EndorsementRequestView> {
    const { token, ...answer } = input;
    return this.nominations.answerEndorsement(token, answer);
  }
}
