/** What community answers over NATS, and the HTTP shapes the gateway shows for it (API.md "Community"). */
export const CommunityRequests = {
  health: 'community.health.ping',
} as const;
