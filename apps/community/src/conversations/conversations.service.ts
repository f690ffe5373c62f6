/**
 * Direct messages (issue 10): one-to-one and small group conversations. A first message from someone
 * who is not her connection lands in her requests; she accepts or deletes it and the sender never
 * learns which, nor whether she read it (there are no read receipts: only her own unread counts).
 * Refusals (herself, unknown or blocked members, empty or long text, floods, a restricted sender)
 * store nothing. A block (either way, while it holds) takes a one-to-one conversation away from both
 * (404, not listed); in a group each of the pair stops seeing the other, and nobody is refused. An
 * expelled member's conversations close with a neutral note and reopen when the expulsion is lifted.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode, badCursor, cutText, decodeCursor, notFound, pageOf } from '@weop/contracts';
import type {
  ConversationFolder, ConversationPage, IdResponse, MarkReadPayload, MessagePage, MessageView, MyConversationsQuery, MessagesPayload, Principal, SendMessagePayload, StartConversationRequest,
} from '@weop/contracts';
import { BlocksProjection } from '@weop/messaging';
import { CommunityConfig } from '../community.config';
import { MembersRepository, restriction } from '../members/members.repository';
import type { Member } from '../members/member.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { ReportsService } from '../reports/reports.service';
import { AttachmentStorage } from './attachment-storage';
import { CONNECTIONS_LOOKUP } from './connections-lookup';
import type { ConnectionsLookup } from './connections-lookup';
import { CONVERSATION_CLOSED, NOT_ACCEPTED, assertUnderLimit, messageText, recipients } from './conversation-rules';
import { ConversationsRepository } from './conversations.repository';
import type { AttachmentRow, MembershipRow, MessageRow } from './conversations.repository';
import { firstMessageFindings } from './first-message-signals';
import { MessageReportSubject } from './message-report-subject';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const PREVIEW_CHARS = 140;

/** The platform's neutral notes: they say what changed for the reader, never why. */
export const CLOSED_NOTE = 'This conversation is closed.';
export const REOPENED_NOTE = 'This conversation is open again.';
const REMOVED_TEXT = 'Removed by moderators.';
const HIDDEN_TEXT = 'Hidden while moderators review it.';

@Injectable()
export class ConversationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly conversations: ConversationsRepository,
    private readonly members: MembersRepository,
    private readonly blocks: BlocksProjection,
    private readonly notifications: NotificationsService,
    private readonly reports: ReportsService,
    private readonly messageSubject: MessageReportSubject,
    private readonly storage: AttachmentStorage,
    @Inject(CONNECTIONS_LOOKUP) private readonly connections: ConnectionsLookup,
    @Inject(CommunityConfig) private readonly config: CommunityConfig,
  ) {}

  async start(caller: Principal, input: StartConversationRequest): Promise<IdResponse> {
    const others = recipients(caller.accountId, input.memberIds, this.config.CONVERSATION_MAX_MEMBERS);
    const text = messageText(input.text, this.config.MESSAGE_MAX_CHARS);
    return this.em.fork().transactional(async (em) => {
      const sender = await this.senderMayWrite(em, caller.accountId);
      const found = await this.members.many(em, others);
      // One answer for all: it never says which member does not exist, or was expelled.
      if (others.some((id) => !found.has(id) || restriction(found.get(id) ?? null) === 'expelled')) throw notFound('A member');
      for (const other of others) await this.blocks.assertNotBlocked(em, caller.accountId, other);
      // Nor between two of the others: a third member must not seat a woman beside someone she blocked.
      for (const [i, a] of others.entries()) for (const b of others.slice(i + 1)) await this.blocks.assertNotBlocked(em, a, b);
      await this.conversations.lockSender(em, caller.accountId);
      const now = new Date();
      // Always a new conversation, never an earlier one with the same member: whether that one was still
      // in her requests, accepted, left or deleted would show in the answer.
      const folders = new Map<string, ConversationFolder>();
      for (const other of others) folders.set(other, (await this.connections.areConnected(em, caller.accountId, other)) ? 'inbox' : 'requests');
      const requests = [...folders.values()].filter((f) => f === 'requests').length;
      const openedAsRequest = requests > 0;
      if (openedAsRequest) {
        // Counted per member reached, so one group request to nine strangers is nine first contacts.
        const earlier = await this.conversations.firstContactsSince(em, caller.accountId, new Date(now.getTime() - DAY_MS));
        assertUnderLimit([...earlier, ...Array<Date>(requests - 1).fill(now)], this.config.FIRST_CONTACTS_PER_DAY, DAY_MS, now, 'messages to members who are not your connections today');
      }
      await this.assertMessageRate(em, caller.accountId, now);

      const id = randomUUID();
      await this.conversations.insertConversation(em, { id, starterId: caller.accountId, openedAsRequest, at: now });
      await this.conversations.insertMember(em, { conversationId: id, memberId: caller.accountId, folder: 'inbox', at: now });
      for (const [other, folder] of folders) await this.conversations.insertMember(em, { conversationId: id, memberId: other, folder, at: now });

      await this.post(em, id, caller.accountId, text, now, openedAsRequest);
      const name = sender?.displayName ?? 'A member';
      for (const [other, folder] of folders) {
        await this.notifications.tell(em, {
          recipientId: other,
          kind: folder === 'requests' ? 'message.request' : 'message.received',
          text: folder === 'requests' ? `${name} sent you a message request.` : `${name} started a conversation with you.`,
          link: `/conversations/${id}`,
          actorId: caller.accountId,
          at: now,
        });
      }
      await em.flush();
      return { id };
    });
  }

  async send(caller: Principal, input: SendMessagePayload): Promise<IdResponse> {
    const text = messageText(input.text, this.config.MESSAGE_MAX_CHARS);
    return this.em.fork().transactional(async (em) => {
      const sender = await this.senderMayWrite(em, caller.accountId);
      // A one-to-one conversation across a block answers 404 here, as for anyone not in it. In a group a
      // block refuses nothing (a refusal would tell her that someone in it blocked her): her message is
      // stored, and the other of the pair does not see it.
      const me = await this.participant(em, input.conversationId, caller.accountId, true);
      if (await this.conversations.isClosed(em, input.conversationId)) throw CONVERSATION_CLOSED();
      await this.conversations.lockSender(em, caller.accountId);
      const now = new Date();
      await this.assertMessageRate(em, caller.accountId, now);
      const attachmentIds = input.attachmentIds ?? [];
      if (attachmentIds.length > 0) await this.assertMayShareFiles(em, input.conversationId, caller.accountId);
      // Replying to a request accepts it.
      if (me.folder === 'requests') await this.conversations.setFolder(em, input.conversationId, caller.accountId, 'inbox');
      const others = (await this.conversations.members(em, input.conversationId)).filter((m) => m.memberId !== caller.accountId);
      // While it is still a request for someone in it, every message written into it is screened.
      const id = await this.post(em, input.conversationId, caller.accountId, text, now, others.some((m) => m.folder === 'requests'));
      if (attachmentIds.length > 0 && (await this.conversations.attach(em, input.conversationId, caller.accountId, id, attachmentIds)) !== attachmentIds.length) {
        throw notFound('An attachment');
      }
      // The others with it in their inbox are told, one unread line per conversation (`once`); a member
      // who still has it in her requests is not (the request folder already shows it, unread), nor one
      // who left. `tell` leaves out a blocked pair and a muted sender.
      const name = sender?.displayName ?? 'A member';
      for (const other of others) {
        if (!other.active || other.folder !== 'inbox') continue;
        await this.notifications.tell(em, {
          recipientId: other.memberId, kind: 'message.received', text: `${name} sent you a message.`, link: `/conversations/${input.conversationId}`, actorId: caller.accountId, at: now, once: true,
        });
      }
      await em.flush();
      return { id };
    });
  }

  async mine(caller: Principal, query: MyConversationsQuery): Promise<ConversationPage> {
    const em = this.em.fork();
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.conversations.mine(em, caller.accountId, query.folder ?? 'inbox', limit + 1, key ? { at: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (r) => [r.lastMessageAt.toISOString(), r.id]);
    const names = await this.members.many(em, [...new Set(page.items.flatMap((r) => r.others))]);
    return {
      items: page.items.map((r) => ({
        id: r.id,
        folder: r.folder,
        members: r.others.map((id) => ({ id, displayName: names.get(id)?.displayName ?? null })),
        unreadCount: r.unread,
        closed: r.closed,
        lastMessage: r.last ? { id: r.last.id, authorId: r.last.authorId, text: cutText(shownText(r.last, caller.accountId) ?? '', PREVIEW_CHARS), createdAt: r.last.createdAt.toISOString() } : null,
        updatedAt: r.lastMessageAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  async messages(caller: Principal, input: MessagesPayload): Promise<MessagePage> {
    const em = this.em.fork();
    await this.participant(em, input.conversationId, caller.accountId);
    const limit = input.limit ?? 20;
    const key = decodeCursor(input.cursor, ['number']);
    // A message's place is a whole number (a bigint in the database); anything else was not given out here.
    if (key && !(Number.isSafeInteger(key[0]) && Number(key[0]) >= 0)) throw badCursor();
    const rows = await this.conversations.messages(em, input.conversationId, caller.accountId, limit + 1, key ? Number(key[0]) : undefined);
    const page = pageOf(rows, limit, (m) => [m.seq]);
    const names = await this.members.many(em, [...new Set(page.items.flatMap((m) => (m.authorId ? [m.authorId] : [])))]);
    const files = groupBy(await this.conversations.attachmentsOf(em, page.items.filter((m) => m.visibility === 'visible').map((m) => m.id)), (a) => a.messageId ?? '');
    return { items: page.items.map((m) => view(m, caller.accountId, names, files.get(m.id) ?? [])), nextCursor: page.nextCursor };
  }

  /** Moves a request to her inbox. The sender is not told. */
  async accept(caller: Principal, conversationId: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      await this.participant(em, conversationId, caller.accountId, true);
      await this.conversations.setFolder(em, conversationId, caller.accountId, 'inbox');
    });
  }

  /** She deletes a request or leaves a conversation: it is gone for her, and nobody is told. */
  async leave(caller: Principal, conversationId: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      await this.participant(em, conversationId, caller.accountId, true);
      await this.conversations.leave(em, conversationId, caller.accountId);
    });
  }

  /** Her unread count only: nobody else learns that, or when, she read. */
  async markRead(caller: Principal, input: MarkReadPayload): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      await this.participant(em, input.conversationId, caller.accountId, true);
      let seq: number;
      if (input.upTo) {
        const upTo = await this.conversations.message(em, input.upTo);
        if (!upTo || upTo.conversationId !== input.conversationId) throw notFound('The message');
        seq = upTo.seq;
      } else {
        seq = await this.conversations.lastSeq(em, input.conversationId);
      }
      await this.conversations.markRead(em, input.conversationId, caller.accountId, seq);
    });
  }

  /**
   * Her conversation membership, or 404 for anyone not in it (whether it exists is not said). A
   * one-to-one conversation across a block, either way, is gone for both in the same words while the
   * block holds (it is back if the block is lifted).
   */
  async participant(em: EntityManager, conversationId: string, memberId: string, lock = false): Promise<MembershipRow> {
    const me = await this.conversations.membership(em, conversationId, memberId, lock);
    if (!me?.active || (await this.conversations.oneToOneAcrossBlock(em, conversationId, memberId))) throw notFound('The conversation');
    return me;
  }

  /**
   * Files may be shared once she has the conversation in her inbox and every other member has written
   * in it or is her connection: a stranger cannot push files at her. The rule rests only on what she
   * sees herself (the messages, her connections), never on whether the others accepted, read or left
   * it. A member on the far side of a block from her is left out (her files reach him no more than her words).
   */
  async assertMayShareFiles(em: EntityManager, conversationId: string, memberId: string): Promise<void> {
    if (await this.conversations.isClosed(em, conversationId)) throw CONVERSATION_CLOSED();
    const everyone = await this.conversations.members(em, conversationId);
    if (everyone.find((m) => m.memberId === memberId)?.folder !== 'inbox') throw NOT_ACCEPTED();
    const writers = await this.conversations.writers(em, conversationId);
    const hidden = await this.blocks.related(em, memberId);
    for (const other of everyone) {
      if (other.memberId === memberId || writers.has(other.memberId) || hidden.has(other.memberId)) continue;
      if (!(await this.connections.areConnected(em, memberId, other.memberId))) throw NOT_ACCEPTED();
    }
  }

  /** An expulsion closes every conversation she is in, for the others, with a neutral note. */
  async closeForExpulsion(em: EntityManager, accountId: string, sanctionId: string, at: Date): Promise<void> {
    for (const id of await this.conversations.conversationsOf(em, accountId)) {
      if (await this.conversations.close(em, id, sanctionId, accountId, at)) {
        await this.conversations.insertMessage(em, { id: randomUUID(), conversationId: id, authorId: null, kind: 'note', body: CLOSED_NOTE, at });
      }
    }
  }

  /** The expulsion was lifted: what it closed opens again (unless another expulsion still closes it). */
  async reopenAfterLift(em: EntityManager, sanctionId: string, at: Date): Promise<void> {
    for (const id of await this.conversations.reopen(em, sanctionId)) {
      await this.conversations.insertMessage(em, { id: randomUUID(), conversationId: id, authorId: null, kind: 'note', body: REOPENED_NOTE, at });
    }
  }

  /**
   * Her account is deleted: she leaves every conversation (the others keep what she wrote, under no
   * name, as they would a letter) and her uploads never sent are deleted.
   */
  async forgetMember(em: EntityManager, accountId: string): Promise<void> {
    for (const key of await this.conversations.forgetMember(em, accountId)) await this.storage.delete(key).catch(() => undefined);
  }

  /** A suspended or expelled member writes to nobody (the gateway refuses her first; this holds without it). */
  private async senderMayWrite(em: EntityManager, accountId: string): Promise<Member | null> {
    const sender = await this.members.find(em, accountId);
    const restricted = restriction(sender);
    if (restricted === 'expelled') throw new DomainError(ErrorCode.ACCOUNT_EXPELLED, 'Your account is closed; you cannot send messages.');
    if (restricted === 'suspended') throw new DomainError(ErrorCode.ACCOUNT_SUSPENDED, 'Your account is suspended; you cannot send messages until the suspension ends.');
    return sender;
  }

  private async assertMessageRate(em: EntityManager, accountId: string, now: Date): Promise<void> {
    assertUnderLimit(await this.conversations.messagesSince(em, accountId, new Date(now.getTime() - MINUTE_MS)), this.config.MESSAGES_PER_MINUTE, MINUTE_MS, now, 'messages in a minute');
  }

  /**
   * Writes her message; her own messages count as read by her. `screened` (the conversation is a request
   * for someone in it) runs content's detectors first: a finding does not hold the message back, it
   * warns its readers (never her) and files a system report to moderators.
   */
  private async post(em: EntityManager, conversationId: string, authorId: string, text: string, at: Date, screened: boolean): Promise<string> {
    const findings = screened ? firstMessageFindings(text) : [];
    const id = randomUUID();
    const safetyNotice = findings.map((f) => f.notice).join(' ') || null;
    const seq = await this.conversations.insertMessage(em, { id, conversationId, authorId, kind: 'text', body: text, safetyNotice, at });
    await this.conversations.markRead(em, conversationId, authorId, seq);
    const snapshot = findings.length > 0 ? await this.messageSubject.evidence(em, id) : null;
    if (snapshot) for (const finding of findings) await this.reports.fileSystem(em, { type: 'message', id }, finding.guideline, finding.signals, snapshot);
    return id;
  }
}

/**
 * How a message stands for one reader. A message hidden pending review still reads as sent to its author:
 * in a conversation of two, "hidden" would tell her who reported it. A removal is a decision she is told of.
 */
function visibilityFor(m: MessageRow, viewerId: string): MessageRow['visibility'] {
  return m.visibility === 'hidden' && m.authorId === viewerId ? 'visible' : m.visibility;
}

function shownText(m: MessageRow, viewerId: string): string | null {
  const visibility = visibilityFor(m, viewerId);
  if (visibility === 'removed') return REMOVED_TEXT;
  if (visibility === 'hidden') return HIDDEN_TEXT;
  return m.body;
}

function view(m: MessageRow, viewerId: string, names: Map<string, Member>, files: readonly AttachmentRow[]): MessageView {
  const status = visibilityFor(m, viewerId);
  const visible = status === 'visible';
  return {
    id: m.id,
    kind: m.kind,
    author: m.authorId ? { id: m.authorId, displayName: names.get(m.authorId)?.displayName ?? null } : null,
    text: visible ? m.body : null,
    status,
    attachments: visible ? files.map((f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, size: f.size })) : [],
    // The warning is for the reader; its author is not told her message was flagged.
    ...(m.safetyNotice && m.authorId !== viewerId && visible ? { safetyNotice: m.safetyNotice } : {}),
    createdAt: m.createdAt.toISOString(),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
