/** NATS requests for her inbox and her notification preferences (the gateway's `/me/notifications…`). */
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CommunityRequests, InboxQuery, MarkNotificationsReadRequest, UpdateNotificationPreferencesRequest } from '@weop/contracts';
import type { InboxPage, NotificationPreferencesView, Principal } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { ConnectionsService } from '../connections/connections.service';
import { GroupsService } from '../groups/groups.service';
import { MemberExportService } from '../members/member-export.service';
import { NotificationsService } from './notifications.service';

@RpcController()
export class NotificationsHandler {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly connections: ConnectionsService,
    private readonly groups: GroupsService,
    private readonly memberExport: MemberExportService,
  ) {}

  @MessagePattern(CommunityRequests.notifications)
  list(@Caller() caller: Principal, @Payload() input: InboxQuery): Promise<InboxPage> {
    return this.notifications.list(caller, input);
  }

  @MessagePattern(CommunityRequests.markNotificationsRead)
  async markRead(@Caller() caller: Principal, @Payload() input: MarkNotificationsReadRequest): Promise<null> {
    await this.notifications.markRead(caller, input.ids);
    return null;
  }

  @MessagePattern(CommunityRequests.markAllNotificationsRead)
  async markAllRead(@Caller() caller: Principal): Promise<null> {
    await this.notifications.markAllRead(caller);
    return null;
  }

  @MessagePattern(CommunityRequests.notificationPreferences)
  preferences(@Caller() caller: Principal): Promise<NotificationPreferencesView> {
    return this.notifications.preferences(caller);
  }

  @MessagePattern(CommunityRequests.updateNotificationPreferences)
  updatePreferences(@Caller() caller: Principal, @Payload() input: UpdateNotificationPreferencesRequest): Promise<NotificationPreferencesView> {
    return this.notifications.updatePreferences(caller, input);
  }

  /** Her part of `GET /me/export`. */
  @MessagePattern(CommunityRequests.export)
  async export(@Caller() caller: Principal): Promise<Record<string, unknown>> {
    const [notifications, connections, groups, own] = await Promise.all([
      this.notifications.export(caller), this.connections.export(caller), this.groups.export(caller), this.memberExport.export(caller),
    ]);
    return { ...notifications, ...connections, ...groups, ...own };
  }
}
