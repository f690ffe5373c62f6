import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OptionalSignIn } from '@weop/auth';
import { AccountIdParam, AuthorContentQuery, ContentPage, ContentRequests, SearchPage, SearchQuery } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

@ApiTags('search')
@Controller()
export class SearchController {
  constructor(private readonly client: ServiceClient) {}

  @Get('search')
  @OptionalSignIn()
  @ApiOperation({ summary: 'Words in titles and texts across every type, by relevance; Russian inflections and Chinese words match' })
  @ApiOkResponse({ type: SearchPage })
  search(@Query() query: SearchQuery, @Call() call: CallOptions): Promise<SearchPage> {
    return this.client.request(ContentRequests.search, query, call);
  }

  @Get('authors/:id/content')
  @OptionalSignIn()
  @ApiOperation({ summary: 'An author\'s page: what she published, newest first' })
  @ApiOkResponse({ type: ContentPage })
  byAuthor(@Param() params: AccountIdParam, @Query() query: AuthorContentQuery, @Call() call: CallOptions): Promise<ContentPage> {
    return this.client.request(ContentRequests.byAuthor, { ...query, authorId: params.id }, call);
  }
}
