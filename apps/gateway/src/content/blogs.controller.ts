import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ContentRequests, CreateBlogRequest, CreatedContent, UpdateBlogRequest } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';
import { commentRoutes } from './comment-routes';
import { contentRoutes } from './content-routes';

@ApiTags('blogs')
@Controller('blogs')
export class BlogsController extends contentRoutes('blog', UpdateBlogRequest) {
  constructor(client: ServiceClient) {
    super(client);
  }

  @Post()
  @ApiOperation({ summary: 'Write a blog post: published at once with originalityAttested: true, or kept as a draft with draft: true' })
  @ApiCreatedResponse({ type: CreatedContent })
  create(@Body() input: CreateBlogRequest, @Call() call: CallOptions): Promise<CreatedContent> {
    return this.client.request(ContentRequests.createBlog, input, call);
  }
}

@ApiTags('blogs')
@Controller('blogs')
export class BlogCommentsController extends commentRoutes('blog', 'comments') {
  constructor(client: ServiceClient) {
    super(client);
  }
}
