/** Awards' NATS requests about cycles: the public champions and cycles, and what awards-admins do with a cycle. */
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuditPayload, AwardsRequests, ChampionsQuery, CreateCycleRequest, CyclePayload, PageQuery, PublishResultsPayload, ResultsPayload, UpdateCyclePayload } from '@weop/contracts';
import type { AuditPage, ChampionPage, CloseJudgingResponse, CyclePage, CycleView, Principal, PublishResponse, ResultsPage } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { AuditService } from '../audit/audit.service';
import { ChampionsService } from '../champions/champions.service';
import { PublishResultsUseCase } from '../champions/publish-results/publish-results.use-case';
import { CloseJudgingUseCase } from '../judging/close-judging/close-judging.use-case';
import { ResultsService } from '../judging/results.service';
import { StartJuryUseCase } from '../judging/start-jury/start-jury.use-case';
import { CyclesService } from './cycles.service';

@RpcController()
export class CyclesHandler {
  constructor(
    private readonly cycles: CyclesService,
    private readonly champions: ChampionsService,
    private readonly startJury: StartJuryUseCase,
    private readonly closeJudging: CloseJudgingUseCase,
    private readonly publishResults: PublishResultsUseCase,
    private readonly results: ResultsService,
    private readonly audit: AuditService,
  ) {}

  @MessagePattern(AwardsRequests.champions)
  listChampions(@Payload() input: ChampionsQuery): Promise<ChampionPage> {
    return this.champions.list(input);
  }

  @MessagePattern(AwardsRequests.cycles)
  listCycles(@Payload() input: PageQuery): Promise<CyclePage> {
    return this.cycles.list(input);
  }

  @MessagePattern(AwardsRequests.cycle)
  getCycle(@Payload() input: CyclePayload): Promise<CycleView> {
    return this.cycles.get(input.cycleId);
  }

  @MessagePattern(AwardsRequests.createCycle)
  create(@Caller() caller: Principal, @Payload() input: CreateCycleRequest): Promise<{ id: string }> {
    return this.cycles.create(caller, input);
  }

  @MessagePattern(AwardsRequests.updateCycle)
  update(@Caller() caller: Principal, @Payload() input: UpdateCyclePayload): Promise<CycleView> {
    const { cycleId, ...changes } = input;
    return this.cycles.update(caller, cycleId, changes);
  }

  @MessagePattern(AwardsRequests.openNominations)
  openNominations(@Caller() caller: Principal, @Payload() input: CyclePayload): Promise<CycleView> {
    return this.cycles.openNominations(caller, input.cycleId);
  }

  @MessagePattern(AwardsRequests.closeNominations)
  closeNominations(@Caller() caller: Principal, @Payload() input: CyclePayload): Promise<CycleView> {
    return this.cycles.closeNominations(caller, input.cycleId);
  }

  @MessagePattern(AwardsRequests.startJury)
  startTheJury(@Caller() caller: Principal, @Payload() input: CyclePayload): Promise<CycleView> {
    return this.startJury.execute(caller, input.cycleId);
  }

  @MessagePattern(AwardsRequests.closeJudging)
  close(@Caller() caller: Principal, @Payload() input: CyclePayload): Promise<CloseJudgingResponse> {
    return this.closeJudging.execute(caller, input.cycleId);
  }

  @MessagePattern(AwardsRequests.publish)
  publish(@Caller() caller: Principal, @Payload() input: PublishResultsPayload): Promise<PublishResponse> {
    const { cycleId, ...request } = input;
    return this.publishResults.execute(caller, cycleId, request);
  }

  @MessagePattern(AwardsRequests.results)
  resultsPage(@Caller() caller: Principal, @Payload() input: ResultsPayload): Promise<ResultsPage> {
    const { cycleId, ...query } = input;
    return this.results.page(caller, cycleId, query);
  }

  @MessagePattern(AwardsRequests.audit)
  auditPage(@Caller() caller: Principal, @Payload() input: AuditPayload): Promise<AuditPage> {
    const { cycleId, ...query } = input;
    return this.audit.page(caller, cycleId, query);
  }
}
