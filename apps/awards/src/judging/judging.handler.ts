/** Awards' NATS requests about the jury: seats (awards-admins), and a judge's queue, screening, scores and conflicts. */
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AwardsRequests, ConflictPayload, JudgesPayload, JudgingQueuePayload, ScorePayload, ScreeningPayload, SeatJudgePayload, SeatPayload } from '@weop/contracts';
import type { JudgeSeatPage, JudgeSeatView, JudgingQueuePage, Principal, ScoreView, ScreeningResponse } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { JudgingService } from './judging.service';

@RpcController()
export class JudgingHandler {
  constructor(private readonly judging: JudgingService) {}

  @MessagePattern(AwardsRequests.seatJudge)
  seat(@Caller() caller: Principal, @Payload() input: SeatJudgePayload): Promise<JudgeSeatView> {
    const { cycleId, ...seat } = input;
    return this.judging.seat(caller, cycleId, seat);
  }

  @MessagePattern(AwardsRequests.judges)
  seats(@Caller() caller: Principal, @Payload() input: JudgesPayload): Promise<JudgeSeatPage> {
    return this.judging.seats(caller, input.cycleId, input.limit, input.cursor);
  }

  @MessagePattern(AwardsRequests.unseatJudge)
  async unseat(@Caller() caller: Principal, @Payload() input: SeatPayload): Promise<Record<string, never>> {
    await this.judging.unseat(caller, input.cycleId, input.seatId);
    return {};
  }

  @MessagePattern(AwardsRequests.judgingQueue)
  queue(@Caller() caller: Principal, @Payload() input: JudgingQueuePayload): Promise<JudgingQueuePage> {
    const { cycleId, ...query } = input;
    return this.judging.queue(caller, cycleId, query);
  }

  @MessagePattern(AwardsRequests.screen)
  screen(@Caller() caller: Principal, @Payload() input: ScreeningPayload): Promise<ScreeningResponse> {
    const { nominationId, ...screening } = input;
    return this.judging.screen(caller, nominationId, screening);
  }

  @MessagePattern(AwardsRequests.score)
  score(@Caller() caller: Principal, @Payload() input: ScorePayload): Promise<ScoreView> {
    const { nominationId, ...sheet } = input;
    return this.judging.score(caller, nominationId, sheet);
  }

  @MessagePattern(AwardsRequests.declareConflict)
  declare(@Caller() caller: Principal, @Payload() input: ConflictPayload): Promise<{ nominationId: string; declaredAt: string }> {
    const { nominationId, ...conflict } = input;
    return this.judging.declareConflict(caller, nominationId, conflict);
  }
}
