/** What community answers over NATS, and the HTTP shapes the gateway shows for it (API.md "Community"). */
export const CommunityRequests = {
  health: 'community.health.ping',
  // The notifications inbox and preferences (`notifications.ts`).
  notifications: 'community.notifications.list',
  markNotificationsRead: 'community.notifications.read',
  markAllNotificationsRead: 'community.notifications.read-all',
  notificationPreferences: 'community.notifications.preferences.get',
  updateNotificationPreferences: 'community.notifications.preferences.put',
  export: 'community.me.export',
  startConversation: 'community.conversation.start',
  myConversations: 'community.conversation.mine',
  acceptConversation: 'community.conversation.accept',
  leaveConversation: 'community.conversation.leave',
  markRead: 'community.conversation.read',
  messages: 'community.message.list',
  sendMessage: 'community.message.send',
  addAttachment: 'community.attachment.add',
  attachment: 'community.attachment.get',
  fileReport: 'community.report.file',
  myReports: 'community.report.mine',
} as const;
