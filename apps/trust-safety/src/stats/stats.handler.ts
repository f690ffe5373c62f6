/** trust-safety's NATS request for the transparency statistics. */
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ModerationStatsPayload, TrustSafetyRequests } from '@weop/contracts';
import type { ModerationStats, Principal } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { StatsService } from './stats.service';

@RpcController()
export class StatsHandler {
  constructor(private readonly stats: StatsService) {}

  @MessagePattern(TrustSafetyRequests.stats)
  figures(@Caller() caller: Principal, @Payload() input: ModerationStatsPayload): Promise<ModerationStats> {
    return this.stats.figures(caller, input);
  }
}
