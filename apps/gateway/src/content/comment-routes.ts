/** Comments under blogs (`/blogs/{id}/comments`) and replies in discussions (`/discussions/{id}/replies`). */
import { Body, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { OptionalSignIn } from '@weop/auth';
import { CommentPage, CommentParams, CommentRequest, ContentIdParam, ContentRequests, IdResponse, PageQuery } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

export function commentRoutes(type: 'blog' | 'discussion', segment: 'comments' | 'replies'): new (client: ServiceClient) => { readonly client: ServiceClient } {
  class Routes {
    constructor(readonly client: ServiceClient) {}

    @Post(`:id/${segment}`)
    @ApiCreatedResponse({ type: IdResponse })
    add(@Param() params: ContentIdParam, @Body() input: CommentRequest, @Call() call: CallOptions): Promise<IdResponse> {
      return this.client.request(ContentRequests.comment, { type, id: params.id, body: input.body }, call);
    }

    @Get(`:id/${segment}`)
    @OptionalSignIn()
    @ApiOkResponse({ type: CommentPage })
    list(@Param() params: ContentIdParam, @Query() query: PageQuery, @Call() call: CallOptions): Promise<CommentPage> {
      return this.client.request(ContentRequests.comments, { ...query, type, id: params.id }, call);
    }

    @Delete(`:id/${segment}/:commentId`)
    @HttpCode(204)
    @ApiNoContentResponse()
    async remove(@Param() params: CommentParams, @Call() call: CallOptions): Promise<void> {
      await this.client.request(ContentRequests.deleteComment, { type, id: params.id, commentId: params.commentId }, call);
    }
  }
  return Routes;
}
