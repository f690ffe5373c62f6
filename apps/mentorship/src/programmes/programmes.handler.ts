/** NATS requests for programme cohorts and their matching runs. */
import { UseGuards } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AttachSessionPayload, CohortSessionPayload, CreateProgrammePayload, MatchingRunPayload, MentorshipIdPayload, MentorshipListPayload, OpsMatchingRunPayload, OpsRequests, PageQuery, ProgrammeApplicationPayload, ProgrammeRequests, PublishMatchingRunPayload,
  RecordAttendancePayload,
} from '@weop/contracts';
import type {
  CertificateResponse, CohortSessionList, CohortSessionView, CompletionView, MatchingRunView, Principal, ProgrammeApplicationView, ProgrammePage, PublishedRunView,
} from '@weop/contracts';
import { Caller, PlatformOnly, RpcController } from '@weop/messaging';
import { CohortSessionsService } from './cohort-sessions.service';
import { ProgrammesService } from './programmes.service';

@RpcController()
export class ProgrammesHandler {
  constructor(
    private readonly programmes: ProgrammesService,
    private readonly cohort: CohortSessionsService,
  ) {}

  @MessagePattern(ProgrammeRequests.create)
  create(@Caller() caller: Principal, @Payload() input: CreateProgrammePayload): Promise<{ id: string }> {
    return this.programmes.create(caller, input);
  }

  @MessagePattern(ProgrammeRequests.list)
  list(@Caller() caller: Principal, @Payload() input: PageQuery): Promise<ProgrammePage> {
    return this.programmes.list(caller, input);
  }

  @MessagePattern(ProgrammeRequests.apply)
  apply(@Caller() caller: Principal, @Payload() input: ProgrammeApplicationPayload): Promise<ProgrammeApplicationView> {
    return this.programmes.apply(caller, input);
  }

  @MessagePattern(ProgrammeRequests.runMatching)
  runMatching(@Caller() caller: Principal, @Payload() input: MentorshipIdPayload): Promise<MatchingRunView> {
    return this.programmes.runMatching(caller, input.id);
  }

  /** The operators' `npm run weop -- matching run <programmeId>`; OpsRequests says who may send it. */
  @MessagePattern(OpsRequests.runMatching)
  @UseGuards(PlatformOnly)
  runMatchingForOperators(@Payload() input: OpsMatchingRunPayload): Promise<MatchingRunView> {
    return this.programmes.runMatchingAsOperator(input.programmeId);
  }

  @MessagePattern(ProgrammeRequests.getRun)
  getRun(@Caller() caller: Principal, @Payload() input: MatchingRunPayload): Promise<MatchingRunView> {
    return this.programmes.getRun(caller, input.id, input.runId);
  }

  @MessagePattern(ProgrammeRequests.publishRun)
  publish(@Caller() caller: Principal, @Payload() input: PublishMatchingRunPayload): Promise<PublishedRunView> {
    return this.programmes.publish(caller, input);
  }

  @MessagePattern(ProgrammeRequests.attachSession)
  attachSession(@Caller() caller: Principal, @Payload() input: AttachSessionPayload): Promise<CohortSessionView> {
    return this.cohort.attach(caller, input);
  }

  @MessagePattern(ProgrammeRequests.detachSession)
  async detachSession(@Caller() caller: Principal, @Payload() input: CohortSessionPayload): Promise<Record<string, never>> {
    await this.cohort.detach(caller, input);
    return {};
  }

  @MessagePattern(ProgrammeRequests.sessions)
  sessions(@Caller() caller: Principal, @Payload() input: MentorshipListPayload): Promise<CohortSessionList> {
    return this.cohort.list(caller, input);
  }

  @MessagePattern(ProgrammeRequests.recordAttendance)
  recordAttendance(@Caller() caller: Principal, @Payload() input: RecordAttendancePayload): Promise<CohortSessionView> {
    return this.cohort.recordAttendance(caller, input);
  }

  @MessagePattern(ProgrammeRequests.completion)
  completion(@Caller() caller: Principal, @Payload() input: MentorshipIdPayload): Promise<CompletionView> {
    return this.cohort.completion(caller, input.id);
  }

  @MessagePattern(ProgrammeRequests.certificate)
  certificate(@Caller() caller: Principal, @Payload() input: MentorshipIdPayload): Promise<CertificateResponse> {
    return this.cohort.certificate(caller, input.id);
  }
}
