/**
 * A message as a reportable subject (`subject.type = message`). The moderator sees the reported
 * message and at most a few messages right around it (each "name: text", cut short), never the rest of
 * the conversation. A member of the conversation reports one of its messages; one who left it or deleted
 * the request still can, for the messages that reached her before she left (`left_seq`).
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { cutText } from '@weop/contracts';
import type { ReportSnapshot, SubjectVisibility } from '@weop/contracts';
import { MembersRepository } from '../members/members.repository';
import type { ReportableSubject } from '../reports/reportable-subject';
import { ConversationsRepository } from './conversations.repository';
import type { MessageRow } from './conversations.repository';

/** Messages shown on each side of the reported one. */
export const NEIGHBOURS = 3;
const NEIGHBOUR_CHARS = 300;
const BODY_CHARS = 20_000;

@Injectable()
export class MessageReportSubject implements ReportableSubject {
  readonly type = 'message' as const;

  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly members: MembersRepository,
  ) {}

  async snapshot(em: EntityManager, subjectId: string, reporterId: string): Promise<ReportSnapshot | null> {
    const message = await this.conversations.message(em, subjectId);
    if (!message || message.kind !== 'text' || message.visibility === 'removed') return null;
    const reporter = await this.conversations.membership(em, message.conversationId, reporterId);
    if (!reporter) return null;
    if (!reporter.active && (reporter.leftSeq === null || message.seq > reporter.leftSeq)) return null;
    return this.evidenceOf(em, message);
  }

  /** The evidence of a message, for a detector's report too (no reporter to check). */
  async evidence(em: EntityManager, messageId: string): Promise<ReportSnapshot | null> {
    const message = await this.conversations.message(em, messageId);
    return message ? this.evidenceOf(em, message) : null;
  }

  async setVisibility(em: EntityManager, subjectId: string, visibility: SubjectVisibility): Promise<void> {
    await this.conversations.setMessageVisibility(em, subjectId, visibility);
  }

  private async evidenceOf(em: EntityManager, message: MessageRow): Promise<ReportSnapshot> {
    const { before, after } = await this.conversations.around(em, message.conversationId, message.seq, NEIGHBOURS);
    const size = (await this.conversations.members(em, message.conversationId)).length;
    const names = await this.members.many(em, [...new Set([message, ...before, ...after].flatMap((m) => (m.authorId ? [m.authorId] : [])))]);
    const line = (m: MessageRow): string => {
      const name = (m.authorId && names.get(m.authorId)?.displayName) || 'A member';
      return cutText(`${name}: ${m.visibility === 'removed' ? '[removed by moderators]' : m.body.replace(/\s+/g, ' ')}`, NEIGHBOUR_CHARS);
    };
    const extra: Record<string, string> = { conversation: size > 2 ? `a group conversation of ${size} members` : 'a one-to-one conversation' };
    before.forEach((m, i) => (extra[`before ${before.length - i}`] = line(m)));
    after.forEach((m, i) => (extra[`after ${i + 1}`] = line(m)));
    return {
      title: 'Direct message',
      body: cutText(message.body, BODY_CHARS),
      authorId: message.authorId,
      authorName: message.authorId ? (names.get(message.authorId)?.displayName ?? null) : null,
      createdAt: message.createdAt.toISOString(),
      extra,
    };
  }
}
