/**
 * What the inbox says for each other service's event. Words are chosen to tell her only what is hers
 * to know: a report outcome never names the author or the sanction, a sanction notice never the reporter.
 */
import type {
  AppealDecidedV1, ContentCommentCreatedV1, DecisionMadeV1, NominationResultV1, NotificationKind, ReportOutcomeV1, ReportSubjectType, SanctionImposedV1, SanctionLiftedV1,
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

/**
 * An overturned appeal is told by `appealDecidedLine`, from the appeal's own event; the lift that
 * undoes its effects adds no second line. Answers null then.
 */
export function sanctionLiftedLine(event: SanctionLiftedV1): NotificationLine | null {
  if (event.reason === 'overturned') return null;
  const why = event.reason === 'expired' ? 'A suspension of your account has ended.' : 'A sanction on your account was lifted.';
  return { kind: 'sanction.notice', text: why, link: '/me/sanctions' };
}

/**
 * The outcome of her appeal in API.md's words: `overturned` (the decision was reversed and the sanction
 * lifted) or `upheld` (the decision stands). The moderator's statement waits at /me/sanctions.
 */
export function appealDecidedLine(event: AppealDecidedV1): NotificationLine {
  const text = event.outcome === 'overturned'
    ? 'Your appeal was successful: the decision was overturned and the sanction on your account was lifted. Read the moderator\'s statement.'
    : 'Your appeal was reviewed and the decision was upheld: the sanction on your account stays as it was. Read the moderator\'s statement.';
  return { kind: 'sanction.notice', text, link: '/me/sanctions' };
}

const SUBJECT_NAMES: Record<ReportSubjectType, string> = {
  blog: 'blog post',
  comment: 'comment',
  publication: 'publication',
  job: 'job post',
  resource: 'resource',
  event: 'event',
  discussion: 'discussion',
  reply: 'reply',
  profile: 'profile',
  mentorship: 'mentorship',
  nomination: 'nomination',
  message: 'message',
  group: 'group',
};

/**
 * A removal with no sanction on her: what was removed, under which guideline, and that her account is
 * not restricted. A removal that goes with a sanction is told by the sanction's own notice; the reporter
 * is never named. Answers null when there is nothing of hers to tell.
 */
export function contentRemovedLine(event: DecisionMadeV1): NotificationLine | null {
  if (event.action !== 'remove-content' || event.sanctionId || !event.authorId) return null;
  return {
    kind: 'sanction.notice',
    text: `Your ${SUBJECT_NAMES[event.subjectType]} was removed by a moderator under the community guideline "${event.guideline}". No sanction was imposed on your account.`,
    link: `/guidelines/${event.guideline}`,
  };
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
