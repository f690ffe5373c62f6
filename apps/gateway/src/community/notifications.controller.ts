/** Community's notifications inbox and preferences (API.md "Community"). */
import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OpenWhenRestricted } from '@weop/auth';
import {
  CommunityRequests, InboxPage, InboxQuery, MarkNotificationsReadRequest, NotificationPreferencesView, UpdateNotificationPreferencesRequest,
} from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

@ApiTags('notifications')
@Controller('me')
export class NotificationsController {
  constructor(private readonly client: ServiceClient) {}

  /** Open while restricted: a suspended member reads her sanction notice here. */
  @Get('notifications')
  @OpenWhenRestricted()
  @ApiOperation({ summary: 'Her notifications from every part of the platform, newest first (unread=true: only unread), with her unread count' })
  @ApiOkResponse({ type: InboxPage })
  list(@Query() query: InboxQuery, @Call() call: CallOptions): Promise<InboxPage> {
    return this.client.request(CommunityRequests.notifications, query, call);
  }

  @Post('notifications/read')
  @HttpCode(204)
  @OpenWhenRestricted()
  @ApiOperation({ summary: 'Mark some of hers read; ids that are not hers are ignored' })
  @ApiNoContentResponse()
  async markRead(@Body() input: MarkNotificationsReadRequest, @Call() call: CallOptions): Promise<void> {
    await this.client.request(CommunityRequests.markNotificationsRead, input, call);
  }

  @Post('notifications/read-all')
  @HttpCode(204)
  @OpenWhenRestricted()
  @ApiOperation({ summary: 'Mark all of hers read' })
  @ApiNoContentResponse()
  async markAllRead(@Call() call: CallOptions): Promise<void> {
    await this.client.request(CommunityRequests.markAllNotificationsRead, {}, call);
  }

  @Get('notification-preferences')
  @ApiOperation({ summary: 'Per kind: inbox and email on or off; the email digest (off or daily)' })
  @ApiOkResponse({ type: NotificationPreferencesView })
  preferences(@Call() call: CallOptions): Promise<NotificationPreferencesView> {
    return this.client.request(CommunityRequests.notificationPreferences, {}, call);
  }

  @Put('notification-preferences')
  @ApiOperation({ summary: 'Set the kinds named (the others keep theirs) and the digest. A kind off in the inbox is not stored at all; sanction notices cannot be switched off (422 NOTIFICATION_REQUIRED)' })
  @ApiOkResponse({ type: NotificationPreferencesView })
  updatePreferences(@Body() input: UpdateNotificationPreferencesRequest, @Call() call: CallOptions): Promise<NotificationPreferencesView> {
    return this.client.request(CommunityRequests.updateNotificationPreferences, input, call);
  }
}
