/** community's NATS requests for connections. */
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CommunityRequests, ConnectionIdParam, ConnectionRequestsQuery, CreateConnectionRequest, PageQuery } from '@weop/contracts';
import type { ConnectionAnswerView, ConnectionCreatedView, ConnectionPage, ConnectionRequestPage, Principal } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { ConnectionsService } from './connections.service';

@RpcController()
export class ConnectionsHandler {
  constructor(private readonly connections: ConnectionsService) {}

  @MessagePattern(CommunityRequests.createConnection)
  create(@Caller() caller: Principal, @Payload() input: CreateConnectionRequest): Promise<ConnectionCreatedView> {
    return this.connections.request(caller, input);
  }

  @MessagePattern(CommunityRequests.acceptConnection)
  accept(@Caller() caller: Principal, @Payload() input: ConnectionIdParam): Promise<ConnectionAnswerView> {
    return this.connections.accept(caller, input.id);
  }

  @MessagePattern(CommunityRequests.declineConnection)
  decline(@Caller() caller: Principal, @Payload() input: ConnectionIdParam): Promise<ConnectionAnswerView> {
    return this.connections.decline(caller, input.id);
  }

  @MessagePattern(CommunityRequests.removeConnection)
  async remove(@Caller() caller: Principal, @Payload() input: ConnectionIdParam): Promise<null> {
    await this.connections.remove(caller, input.id);
    return null;
  }

  @MessagePattern(CommunityRequests.myConnections)
  mine(@Caller() caller: Principal, @Payload() input: PageQuery): Promise<ConnectionPage> {
    return this.connections.mine(caller, input);
  }

  @MessagePattern(CommunityRequests.connectionRequests)
  requests(@Caller() caller: Principal, @Payload() input: ConnectionRequestsQuery): Promise<ConnectionRequestPage> {
    return this.connections.requests(caller, input);
  }
}
