/** NATS requests for programme cohorts and their matching runs. */
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateProgrammePayload, MatchingRunPayload, MentorshipIdPayload, PageQuery, ProgrammeApplicationPayload, ProgrammeRequests, PublishMatchingRunPayload } from '@weop/contracts';
import type { MatchingRunView, Principal, ProgrammeApplicationView, ProgrammePage, PublishedRunView } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { ProgrammesService } from './programmes.service';

@RpcController()
export class ProgrammesHandler {
  constructor(private readonly programmes: ProgrammesService) {}

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

  @MessagePattern(ProgrammeRequests.getRun)
  getRun(@Caller() caller: Principal, @Payload() input: MatchingRunPayload): Promise<MatchingRunView> {
    return this.programmes.getRun(caller, input.id, input.runId);
  }

  @MessagePattern(ProgrammeRequests.publishRun)
  publish(@Caller() caller: Principal, @Payload() input: PublishMatchingRunPayload): Promise<PublishedRunView> {
    return this.programmes.publish(caller, input);
  }
}
