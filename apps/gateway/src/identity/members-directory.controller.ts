/**
 * The member directory (API.md "Community": `GET /members`), served by identity: members who chose to
 * be listed, public fields only, for signed-in members only (the community is members-only).
 */
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DirectoryPage, DirectoryQuery, DirectoryRequests } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

@ApiTags('community')
@Controller('members')
export class MembersDirectoryController {
  constructor(private readonly client: ServiceClient) {}

  @Get()
  @ApiOperation({ summary: 'Find members who chose to be listed: by relevance to q, then by name' })
  @ApiOkResponse({ type: DirectoryPage })
  search(@Query() query: DirectoryQuery, @Call() call: CallOptions): Promise<DirectoryPage> {
    return this.client.request(DirectoryRequests.search, { ...query }, call);
  }
}
