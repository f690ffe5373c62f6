/** The words of the daily digest: counts per kind, then up to ten of her unread lines, newest first. */
import type { NotificationKind } from '@weop/contracts';

export interface DigestLine {
  kind: string;
  text: string;
  link: string;
}

export const DIGEST_LINES_SHOWN = 10;

const KIND_LABELS: Record<NotificationKind, string> = {
  'content.comment': 'comments on your posts',
  'connection.request': 'connection requests',
  'connection.accepted': 'accepted connections',
  'message.received': 'messages',
  'message.request': 'message requests',
  'group.invitation': 'group invitations',
  'group.ownership': 'groups handed to you',
  'mentorship.request': 'mentoring requests',
  'mentorship.reminder': 'mentoring reminders',
  'mentorship.update': 'mentoring updates',
  'report.outcome': 'report outcomes',
  'sanction.notice': 'notices about your account',
  'award.result': 'award results',
};

const label = (kind: string): string => KIND_LABELS[kind as NotificationKind] ?? kind;

/** `lines` newest first; `baseUrl` is where the links lead. */
export function digestMail(lines: readonly DigestLine[], baseUrl: string): { subject: string; text: string } {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line.kind, (counts.get(line.kind) ?? 0) + 1);
  const base = baseUrl.replace(/\/+$/, '');
  const shown = lines.slice(0, DIGEST_LINES_SHOWN);
  const text = [
    `You have ${lines.length} unread notification${lines.length === 1 ? '' : 's'} on WEOP:`,
    ...[...counts].map(([kind, n]) => `- ${n} ${label(kind)}`),
    '',
    ...shown.map((l) => `* ${l.text}\n  ${base}${l.link}`),
    ...(lines.length > shown.length ? [`…and ${lines.length - shown.length} more: ${base}/me/notifications`] : []),
    '',
    `You get this daily digest because you asked for it. Change it at ${base}/me/notification-preferences.`,
  ].join('\n');
  return { subject: `WEOP: ${lines.length} unread notification${lines.length === 1 ? '' : 's'}`, text };
}
