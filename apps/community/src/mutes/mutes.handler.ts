/** community's NATS requests for muting. */
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CommunityRequests, MutedMemberParam, MutePayload, PageQuery } from '@weop/contracts';
import type { MutePage, MuteView, Principal } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { MutesService } from './mutes.service';

@RpcController()
export class MutesHandler {
  constructor(private readonly mutes: MutesService) {}

  @MessagePattern(CommunityRequests.mute)
  mute(@Caller() caller: Principal, @Payload() input: MutePayload): Promise<MuteView> {
    return this.mutes.mute(caller, input.memberId);
  }

  @MessagePattern(CommunityRequests.unmute)
  async unmute(@Caller() caller: Principal, @Payload() input: MutedMemberParam): Promise<null> {
    await this.mutes.unmute(caller, input.memberId);
    return null;
  }

  @MessagePattern(CommunityRequests.myMutes)
  mine(@Caller() caller: Principal, @Payload() input: PageQuery): Promise<MutePage> {
    return this.mutes.mine(caller, input);
  }
}
