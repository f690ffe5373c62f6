/** Connections (API.md "Community"): request, accept, decline, remove; her connections and requests. */
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CommunityRequests, ConnectionAnswerView, ConnectionCreatedView, ConnectionIdParam, ConnectionPage, ConnectionRequestPage, ConnectionRequestsQuery, CreateConnectionRequest, PageQuery,
} from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

@ApiTags('community')
@Controller()
export class ConnectionsController {
  constructor(private readonly client: ServiceClient) {}

  @Post('connections')
  @ApiOperation({ summary: 'Ask a member to connect, with an optional note (≤ 300). 403 BLOCKED between a blocked pair; 409 CONNECTION_EXISTS (details: the connectionId) when a request or connection between you exists — if she asked you first, accept hers; 429 RATE_LIMITED past the daily cap' })
  @ApiCreatedResponse({ type: ConnectionCreatedView })
  create(@Body() input: CreateConnectionRequest, @Call() call: CallOptions): Promise<ConnectionCreatedView> {
    return this.client.request(CommunityRequests.createConnection, input, call);
  }

  @Post('connections/:id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'The member asked accepts (also one she declined earlier); the sender is told' })
  @ApiOkResponse({ type: ConnectionAnswerView })
  accept(@Param() params: ConnectionIdParam, @Call() call: CallOptions): Promise<ConnectionAnswerView> {
    return this.client.request(CommunityRequests.acceptConnection, { id: params.id }, call);
  }

  @Post('connections/:id/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'The member asked declines. The sender is not told: to her the request stays pending until she withdraws it' })
  @ApiOkResponse({ type: ConnectionAnswerView })
  decline(@Param() params: ConnectionIdParam, @Call() call: CallOptions): Promise<ConnectionAnswerView> {
    return this.client.request(CommunityRequests.declineConnection, { id: params.id }, call);
  }

  @Delete('connections/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Either side ends a connection; the sender withdraws her request; the one asked declines it' })
  @ApiNoContentResponse()
  async remove(@Param() params: ConnectionIdParam, @Call() call: CallOptions): Promise<void> {
    await this.client.request(CommunityRequests.removeConnection, { id: params.id }, call);
  }

  @Get('me/connections')
  @ApiOperation({ summary: 'Her connections, newest first, with each member\'s public name, country and verified badge (a blocked pair is not connected)' })
  @ApiOkResponse({ type: ConnectionPage })
  mine(@Query() query: PageQuery, @Call() call: CallOptions): Promise<ConnectionPage> {
    return this.client.request(CommunityRequests.myConnections, query, call);
  }

  @Get('me/connections/requests')
  @ApiOperation({ summary: 'Requests waiting for her answer (incoming) or that she sent (outgoing), newest first' })
  @ApiOkResponse({ type: ConnectionRequestPage })
  requests(@Query() query: ConnectionRequestsQuery, @Call() call: CallOptions): Promise<ConnectionRequestPage> {
    return this.client.request(CommunityRequests.connectionRequests, query, call);
  }
}
