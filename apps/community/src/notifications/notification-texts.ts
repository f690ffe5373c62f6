/**
 * What the inbox says for each other service's event. Words are chosen to tell her only what is hers
 * to know: a report outcome never names the author or the sanction, a sanction notice never the reporter.
 */
import type {
  ContentCommentCreatedV1, NominationResultV1, NotificationKind, ReportOutcomeV1, SanctionImposedV1, SanctionLiftedV1,
} from '@weop/contracts';

export interface NotificationLine {
  kind: NotificationKind;
  text: string;
  link: string;
}

const COMMENTED: Record<ContentCommentCreatedV1['itemType'], string> = {
  blog: 'commented on your blog post',
  discussion: 'replied to your discussion',
  publication: 'commented on your publication',
  resource: 'commented on your resource',
  job: 'commented on your job post',
  event: 'commented on your event',
};

export function commentLine(event: ContentCommentCreatedV1, commenterName: string | null): NotificationLine {
  return { kind: 'content.comment', text: `${commenterName ?? 'A member'} ${COMMENTED[event.itemType]}.`, link: event.link };
}

/** Mentorship's own kinds, gathered into the three the inbox's preferences offer. */
export function mentorshipKind(kind: string): NotificationKind {
  if (kind === 'mentorship.request.received') return 'mentorship.request';
  if (kind === 'mentorship.reminder') return 'mentorship.reminder';
  return 'mentorship.update';
}

export function reportOutcomeLine(event: ReportOutcomeV1): NotificationLine {
  return {
    kind: 'report.outcome',
    text: event.status === 'actioned'
      ? 'Your report was reviewed: we took action. Thank you for helping keep the community safe.'
      : 'Your report was reviewed: we found no violation of the community guidelines. Thank you for telling us.',
    link: '/me/reports',
  };
}

const day = (iso: string): string => iso.slice(0, 10);

export function sanctionImposedLine(event: SanctionImposedV1): NotificationLine {
  const what = event.kind === 'warning' ? 'You received a warning under the community guidelines.'
    : event.kind === 'suspension' ? `Your account is suspended${event.endsAt ? ` until ${day(event.endsAt)}` : ''} under the community guidelines.`
    : 'Your account was expelled under the community guidelines.';
  return { kind: 'sanction.notice', text: `${what} Read the reasons and how to appeal.`, link: '/me/sanctions' };
}

export function sanctionLiftedLine(event: SanctionLiftedV1): NotificationLine {
  const why = event.reason === 'overturned' ? 'Your appeal was upheld: the sanction on your account was lifted.'
    : event.reason === 'expired' ? 'A suspension of your account has ended.'
    : 'A sanction on your account was lifted.';
  return { kind: 'sanction.notice', text: why, link: '/me/sanctions' };
}

/** For the nominator and, when she is a member, the nominee (who consented to be nominated). */
export function nominationResultLines(event: NominationResultV1): { recipientId: string; line: NotificationLine }[] {
  const won = event.outcome === 'champion';
  const link = `/awards/nominations/${event.nominationId}`;
  const lines: { recipientId: string; line: NotificationLine }[] = [];
  if (event.nominatorId) {
    lines.push({
      recipientId: event.nominatorId,
      line: {
        kind: 'award.result',
        text: won
          ? `The ${event.year} CAREC Gender Award results are published: your nominee is a Gender Champion.`
          : `The ${event.year} CAREC Gender Award results are published: your nominee was not among the champions this time. Thank you for nominating.`,
        link,
      },
    });
  }
  if (event.nomineeMemberId && event.nomineeMemberId !== event.nominatorId) {
    lines.push({
      recipientId: event.nomineeMemberId,
      line: {
        kind: 'award.result',
        text: won
          ? `Congratulations: you are a ${event.year} CAREC Gender Champion.`
          : `The ${event.year} CAREC Gender Award results are published: you were not among the champions this time.`,
        link: won ? '/awards/champions' : link,
      },
    });
  }
  return lines;
}
