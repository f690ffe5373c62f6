/**
 * The routes every content type shares (read, list, edit, publish, unpublish, delete, react), built
 * once for each type's controller: `/blogs`, `/publications`, `/jobs`, `/resources`, `/events`,
 * `/discussions`. Each controller adds its create route and anything of its own.
 */
import { Body, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { OptionalSignIn } from '@weop/auth';
import { ContentIdParam, ContentItemView, ContentPage, ContentRequests, ListContentQuery, PublishRequest, ReactionParams } from '@weop/contracts';
import type { ContentType } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

export interface ContentRoutes {
  readonly client: ServiceClient;
}

export function contentRoutes(type: ContentType, updateBody: new () => object): new (client: ServiceClient) => ContentRoutes {
  class Routes implements ContentRoutes {
    constructor(readonly client: ServiceClient) {}

    @Get()
    @OptionalSignIn()
    @ApiOperation({ summary: `Published ${type}s, newest first (scope=mine: her own, in every state)` })
    @ApiOkResponse({ type: ContentPage })
    list(@Query() query: ListContentQuery, @Call() call: CallOptions): Promise<ContentPage> {
      return this.client.request(ContentRequests.list, { ...query, type }, call);
    }

    @Get(':id')
    @OptionalSignIn()
    @ApiOkResponse({ type: ContentItemView })
    get(@Param() params: ContentIdParam, @Call() call: CallOptions): Promise<ContentItemView> {
      return this.client.request(ContentRequests.get, { type, id: params.id }, call);
    }

    @Patch(':id')
    @ApiOperation({ summary: `The author edits her ${type}` })
    @ApiBody({ type: updateBody })
    @ApiOkResponse({ type: ContentItemView })
    update(@Param() params: ContentIdParam, @Body() changes: Record<string, unknown>, @Call() call: CallOptions): Promise<ContentItemView> {
      // The body is checked against the type's update class by content (one class per type).
      return this.client.request(ContentRequests.update, { type, id: params.id, changes: changes ?? {} }, call);
    }

    @Delete(':id')
    @HttpCode(204)
    @ApiNoContentResponse()
    async remove(@Param() params: ContentIdParam, @Call() call: CallOptions): Promise<void> {
      await this.client.request(ContentRequests.remove, { type, id: params.id }, call);
    }

    @Post(':id/publish')
    @HttpCode(200)
    @ApiOkResponse({ type: ContentItemView })
    publish(@Param() params: ContentIdParam, @Body() input: PublishRequest, @Call() call: CallOptions): Promise<ContentItemView> {
      return this.client.request(ContentRequests.publish, { ...input, type, id: params.id }, call);
    }

    @Post(':id/unpublish')
    @HttpCode(200)
    @ApiOkResponse({ type: ContentItemView })
    unpublish(@Param() params: ContentIdParam, @Call() call: CallOptions): Promise<ContentItemView> {
      return this.client.request(ContentRequests.unpublish, { type, id: params.id }, call);
    }

    @Put(':id/reactions/:kind')
    @HttpCode(204)
    @ApiNoContentResponse()
    async react(@Param() params: ReactionParams, @Call() call: CallOptions): Promise<void> {
      await this.client.request(ContentRequests.react, { type, id: params.id, kind: params.kind }, call);
    }

    @Delete(':id/reactions/:kind')
    @HttpCode(204)
    @ApiNoContentResponse()
    async unreact(@Param() params: ReactionParams, @Call() call: CallOptions): Promise<void> {
      await this.client.request(ContentRequests.unreact, { type, id: params.id, kind: params.kind }, call);
    }
  }
  return Routes;
}

