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
} as const;
