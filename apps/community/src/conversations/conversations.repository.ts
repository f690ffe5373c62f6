/** The queries of direct messages: conversations, their members, messages, closures and attachments. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConversationFolder, MessageKind, SubjectVisibility } from '@weop/contracts';
import { lockUntilCommit } from '@weop/persistence';

export interface MembershipRow {
  conversationId: string;
  memberId: string;
  folder: ConversationFolder;
  active: boolean;
  lastReadSeq: number;
  /** The last message she could read before she left (null while she is in it). */
  leftSeq: number | null;
}

export interface MessageRow {
  id: string;
  seq: number;
  conversationId: string;
  authorId: string | null;
  kind: MessageKind;
  body: string;
  visibility: SubjectVisibility;
  safetyNotice: string | null;
  createdAt: Date;
}

export interface ConversationListRow {
  id: string;
  folder: ConversationFolder;
  lastMessageAt: Date;
  closed: boolean;
  unread: number;
  others: string[];
  last: MessageRow | null;
}

export interface AttachmentRow {
  id: string;
  conversationId: string;
  uploaderId: string;
  messageId: string | null;
  storageKey: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: Date;
}

type Raw = Record<string, unknown>;

const MESSAGE_COLUMNS = 'm.id, m.seq, m.conversation_id, m.author_id, m.kind, m.body, m.visibility, m.safety_notice, m.created_at';

/** Whether a conversation has exactly two members (whether or not both are still in it). */
const ONE_TO_ONE = (conversation: string): string => `(select count(*) from conversation_member n where n.conversation_id = ${conversation}) = 2`;

/**
 * Whether `member` (an SQL expression) and the reader (the query's next two parameters, both her id) are
 * a blocked pair, either way, while the block holds. Null (the platform's notes, a deleted account) is nobody's pair.
 */
const BLOCKED_PAIR = (member: string): string =>
  `exists (select 1 from block_projection b where b.active and ((b.blocker_id = ${member} and b.blocked_id = ?) or (b.blocker_id = ? and b.blocked_id = ${member})))`;

const message = (r: Raw): MessageRow => ({
  id: r.id as string,
  seq: Number(r.seq),
  conversationId: r.conversation_id as string,
  authorId: (r.author_id as string | null) ?? null,
  kind: r.kind as MessageKind,
  body: r.body as string,
  visibility: r.visibility as SubjectVisibility,
  safetyNotice: (r.safety_notice as string | null) ?? null,
  createdAt: new Date(r.created_at as string),
});

const attachment = (r: Raw): AttachmentRow => ({
  id: r.id as string,
  conversationId: r.conversation_id as string,
  uploaderId: r.uploader_id as string,
  messageId: (r.message_id as string | null) ?? null,
  storageKey: r.storage_key as string,
  filename: r.filename as string,
  contentType: r.content_type as string,
  size: Number(r.size),
  sha256: r.sha256 as string,
  createdAt: new Date(r.created_at as string),
});

@Injectable()
export class ConversationsRepository {
  /** The messages she wrote, oldest first (her export: her own words only). */
  async writtenBy(em: EntityManager, authorId: string): Promise<{ id: string; conversationId: string; body: string; visibility: string; createdAt: Date }[]> {
    const rows = await this.run(em, `select id, conversation_id, body, visibility, created_at from direct_message where author_id = ? and kind = 'text' order by created_at, id`, [authorId]);
    return rows.map((r) => ({ id: r.id as string, conversationId: r.conversation_id as string, body: r.body as string, visibility: r.visibility as string, createdAt: new Date(r.created_at as string) }));
  }

  private run(em: EntityManager, sql: string, params: unknown[]): Promise<Raw[]> {
    return em.getConnection().execute<Raw[]>(sql, params, 'all', em.getTransactionContext());
  }

  /** Serialises one sender's sends, so that two at once cannot both pass a rate limit. */
  async lockSender(em: EntityManager, memberId: string): Promise<void> {
    await lockUntilCommit(em, `community.sender:${memberId}`);
  }

  /** When she reached members through conversations opened as requests since `since`, one per member reached, oldest first. */
  async firstContactsSince(em: EntityManager, starterId: string, since: Date): Promise<Date[]> {
    const rows = await this.run(
      em,
      `select c.created_at from conversation c join conversation_member m on m.conversation_id = c.id and m.member_id <> c.starter_id
       where c.starter_id = ? and c.opened_as_request and c.created_at > ? order by c.created_at`,
      [starterId, since],
    );
    return rows.map((r) => new Date(r.created_at as string));
  }

  /** When she sent messages since `since`, oldest first. */
  async messagesSince(em: EntityManager, authorId: string, since: Date): Promise<Date[]> {
    const rows = await this.run(em, `select created_at from direct_message where author_id = ? and kind = 'text' and created_at > ? order by created_at`, [authorId, since]);
    return rows.map((r) => new Date(r.created_at as string));
  }

  async insertConversation(em: EntityManager, c: { id: string; starterId: string; openedAsRequest: boolean; at: Date }): Promise<void> {
    await this.run(em, 'insert into conversation (id, starter_id, opened_as_request, created_at, last_message_at) values (?, ?, ?, ?, ?)', [c.id, c.starterId, c.openedAsRequest, c.at, c.at]);
  }

  async insertMember(em: EntityManager, m: { conversationId: string; memberId: string; folder: ConversationFolder; at: Date }): Promise<void> {
    await this.run(em, 'insert into conversation_member (conversation_id, member_id, folder, joined_at) values (?, ?, ?, ?)', [m.conversationId, m.memberId, m.folder, m.at]);
  }

  /** Adds a message and moves the conversation up her list; answers its sequence number. */
  async insertMessage(em: EntityManager, m: { id: string; conversationId: string; authorId: string | null; kind: MessageKind; body: string; safetyNotice?: string | null; at: Date }): Promise<number> {
    const [row] = await this.run(
      em,
      'insert into direct_message (id, conversation_id, author_id, kind, body, safety_notice, created_at) values (?, ?, ?, ?, ?, ?, ?) returning seq',
      [m.id, m.conversationId, m.authorId, m.kind, m.body, m.safetyNotice ?? null, m.at],
    );
    await this.run(em, 'update conversation set last_message_at = greatest(last_message_at, ?) where id = ?', [m.at, m.conversationId]);
    return Number(row.seq);
  }

  async membership(em: EntityManager, conversationId: string, memberId: string, lock = false): Promise<MembershipRow | null> {
    const rows = await this.run(
      em,
      `select conversation_id, member_id, folder, active, last_read_seq, left_seq from conversation_member where conversation_id = ? and member_id = ?${lock ? ' for update' : ''}`,
      [conversationId, memberId],
    );
    return rows[0] ? membershipOf(rows[0]) : null;
  }

  async members(em: EntityManager, conversationId: string): Promise<MembershipRow[]> {
    const rows = await this.run(em, 'select conversation_id, member_id, folder, active, last_read_seq, left_seq from conversation_member where conversation_id = ? order by joined_at, member_id', [conversationId]);
    return rows.map(membershipOf);
  }

  async isClosed(em: EntityManager, conversationId: string): Promise<boolean> {
    return (await this.run(em, 'select 1 from conversation_closure where conversation_id = ? limit 1', [conversationId])).length > 0;
  }

  async setFolder(em: EntityManager, conversationId: string, memberId: string, folder: ConversationFolder): Promise<void> {
    await this.run(em, 'update conversation_member set folder = ? where conversation_id = ? and member_id = ?', [folder, conversationId, memberId]);
  }

  /** She leaves; what she could read until then is remembered (`left_seq`), so she can still report it. */
  async leave(em: EntityManager, conversationId: string, memberId: string): Promise<void> {
    await this.run(
      em,
      `update conversation_member set active = false, left_seq = (select coalesce(max(seq), 0) from direct_message where conversation_id = ?)
       where conversation_id = ? and member_id = ? and active`,
      [conversationId, conversationId, memberId],
    );
  }

  /** Her read mark only moves forward. */
  async markRead(em: EntityManager, conversationId: string, memberId: string, seq: number): Promise<void> {
    await this.run(em, 'update conversation_member set last_read_seq = greatest(last_read_seq, ?) where conversation_id = ? and member_id = ?', [seq, conversationId, memberId]);
  }

  async lastSeq(em: EntityManager, conversationId: string): Promise<number> {
    const [row] = await this.run(em, 'select coalesce(max(seq), 0) as seq from direct_message where conversation_id = ?', [conversationId]);
    return Number(row.seq);
  }

  /**
   * Her conversations in one folder, most recent first, with what she has not read. Across a block
   * (either way, while it holds) a one-to-one conversation is not listed, a request opened by the other
   * is not listed, and in a group the other is left out of the members, the last message and her unread
   * count. The list is ordered (and `updatedAt` given) by the last message she can see, never by the
   * conversation's own last message: that would move it up whenever the other of a blocked pair wrote,
   * and tell each when the other is active.
   */
  async mine(em: EntityManager, memberId: string, folder: ConversationFolder, limit: number, after?: { at: Date; id: string }): Promise<ConversationListRow[]> {
    const me = [memberId, memberId];
    const rows = await this.run(
      em,
      `select c.id, cm.folder, coalesce(m.created_at, c.created_at) as last_message_at,
         exists (select 1 from conversation_closure cc where cc.conversation_id = c.id) as closed,
         (select count(*) from direct_message u where u.conversation_id = c.id and u.seq > cm.last_read_seq and u.author_id is distinct from cm.member_id
            and not ${BLOCKED_PAIR('u.author_id')}) as unread,
         (select coalesce(array_agg(o.member_id order by o.joined_at, o.member_id), '{}') from conversation_member o where o.conversation_id = c.id and o.member_id <> cm.member_id
            and not ${BLOCKED_PAIR('o.member_id')}) as others,
         ${MESSAGE_COLUMNS.split(', ').map((col) => `${col} as last_${col.slice(2)}`).join(', ')}
       from conversation_member cm
       join conversation c on c.id = cm.conversation_id
       left join lateral (select * from direct_message x where x.conversation_id = c.id and not ${BLOCKED_PAIR('x.author_id')} order by x.seq desc limit 1) m on true
       where cm.member_id = ? and cm.active and cm.folder = ?
         and not (${ONE_TO_ONE('c.id')} and exists (select 1 from conversation_member o where o.conversation_id = c.id and o.member_id <> cm.member_id and ${BLOCKED_PAIR('o.member_id')}))
         ${folder === 'requests' ? `and not ${BLOCKED_PAIR('c.starter_id')}` : ''}
         ${after ? 'and (coalesce(m.created_at, c.created_at), c.id) < (?, ?)' : ''}
       order by coalesce(m.created_at, c.created_at) desc, c.id desc
       limit ?`,
      [...me, ...me, ...me, memberId, folder, ...me, ...(folder === 'requests' ? me : []), ...(after ? [after.at, after.id] : []), limit],
    );
    return rows.map((r) => ({
      id: r.id as string,
      folder: r.folder as ConversationFolder,
      lastMessageAt: new Date(r.last_message_at as string),
      closed: Boolean(r.closed),
      unread: Number(r.unread),
      others: r.others as string[],
      last: r.last_id
        ? message(Object.fromEntries(Object.entries(r).filter(([k]) => k.startsWith('last_') && k !== 'last_message_at').map(([k, v]) => [k.slice(5), v])))
        : null,
    }));
  }

  /** Whether the conversation is one of two and the other is on the far side of a block from her (while it holds). */
  async oneToOneAcrossBlock(em: EntityManager, conversationId: string, memberId: string): Promise<boolean> {
    const rows = await this.run(
      em,
      `select 1 from conversation_member o where o.conversation_id = ? and o.member_id <> ? and ${ONE_TO_ONE('o.conversation_id')} and ${BLOCKED_PAIR('o.member_id')}`,
      [conversationId, memberId, memberId, memberId],
    );
    return rows.length > 0;
  }

  /** The members who have written in the conversation (a message of their own, whatever became of it). */
  async writers(em: EntityManager, conversationId: string): Promise<Set<string>> {
    const rows = await this.run(em, `select distinct author_id from direct_message where conversation_id = ? and kind = 'text' and author_id is not null`, [conversationId]);
    return new Set(rows.map((r) => r.author_id as string));
  }

  /** A page of a conversation as the reader sees it, newest first: nothing by a member on the far side of a block from her. */
  async messages(em: EntityManager, conversationId: string, readerId: string, limit: number, beforeSeq?: number): Promise<MessageRow[]> {
    const rows = await this.run(
      em,
      `select ${MESSAGE_COLUMNS} from direct_message m where m.conversation_id = ? and not ${BLOCKED_PAIR('m.author_id')}${beforeSeq !== undefined ? ' and m.seq < ?' : ''} order by m.seq desc limit ?`,
      [conversationId, readerId, readerId, ...(beforeSeq !== undefined ? [beforeSeq] : []), limit],
    );
    return rows.map(message);
  }

  async message(em: EntityManager, messageId: string): Promise<MessageRow | null> {
    const rows = await this.run(em, `select ${MESSAGE_COLUMNS} from direct_message m where m.id = ?`, [messageId]);
    return rows[0] ? message(rows[0]) : null;
  }

  /** Up to `count` messages (not the platform's notes) right before and right after one, in order. */
  async around(em: EntityManager, conversationId: string, seq: number, count: number): Promise<{ before: MessageRow[]; after: MessageRow[] }> {
    const before = await this.run(em, `select ${MESSAGE_COLUMNS} from direct_message m where m.conversation_id = ? and m.kind = 'text' and m.seq < ? order by m.seq desc limit ?`, [conversationId, seq, count]);
    const after = await this.run(em, `select ${MESSAGE_COLUMNS} from direct_message m where m.conversation_id = ? and m.kind = 'text' and m.seq > ? order by m.seq asc limit ?`, [conversationId, seq, count]);
    return { before: before.map(message).reverse(), after: after.map(message) };
  }

  async setMessageVisibility(em: EntityManager, messageId: string, visibility: SubjectVisibility): Promise<void> {
    await this.run(em, 'update direct_message set visibility = ? where id = ?', [visibility, messageId]);
  }

  /** The conversations she is still in. */
  async conversationsOf(em: EntityManager, memberId: string): Promise<string[]> {
    const rows = await this.run(em, 'select conversation_id from conversation_member where member_id = ? and active', [memberId]);
    return rows.map((r) => r.conversation_id as string);
  }

  /** Closes a conversation for one expulsion; answers whether it was open until now. */
  async close(em: EntityManager, conversationId: string, sanctionId: string, memberId: string, at: Date): Promise<boolean> {
    const wasClosed = await this.isClosed(em, conversationId);
    await this.run(em, 'insert into conversation_closure (conversation_id, sanction_id, member_id, closed_at) values (?, ?, ?, ?) on conflict do nothing', [conversationId, sanctionId, memberId, at]);
    return !wasClosed;
  }

  /** Ends what one expulsion closed; answers the conversations that are open again. */
  async reopen(em: EntityManager, sanctionId: string): Promise<string[]> {
    const rows = await this.run(em, 'delete from conversation_closure where sanction_id = ? returning conversation_id', [sanctionId]);
    const ids = [...new Set(rows.map((r) => r.conversation_id as string))];
    if (ids.length === 0) return [];
    const still = await this.run(em, 'select distinct conversation_id from conversation_closure where conversation_id in (?)', [ids]);
    const closed = new Set(still.map((r) => r.conversation_id as string));
    return ids.filter((id) => !closed.has(id));
  }

  /** A deleted account leaves every conversation; answers the storage keys of her files no message carries. */
  async forgetMember(em: EntityManager, memberId: string): Promise<string[]> {
    await this.run(em, 'update conversation_member set active = false where member_id = ?', [memberId]);
    const rows = await this.run(em, 'delete from message_attachment where uploader_id = ? and message_id is null returning storage_key', [memberId]);
    return rows.map((r) => r.storage_key as string);
  }

  /** Uploads never sent since before `before`, locked for deletion (rows another replica holds are skipped). */
  async unsentAttachments(em: EntityManager, before: Date, limit: number): Promise<{ id: string; storageKey: string }[]> {
    const rows = await this.run(em, 'select id, storage_key from message_attachment where message_id is null and created_at < ? order by created_at limit ? for update skip locked', [before, limit]);
    return rows.map((r) => ({ id: r.id as string, storageKey: r.storage_key as string }));
  }

  async deleteAttachments(em: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.run(em, 'delete from message_attachment where id in (?)', [[...ids]]);
  }

  async insertAttachment(em: EntityManager, a: AttachmentRow): Promise<void> {
    await this.run(
      em,
      'insert into message_attachment (id, conversation_id, uploader_id, message_id, storage_key, filename, content_type, size, sha256, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [a.id, a.conversationId, a.uploaderId, a.messageId, a.storageKey, a.filename, a.contentType, a.size, a.sha256, a.createdAt],
    );
  }

  /** Ties her uploads to her message; answers how many were hers, in this conversation, and free. */
  async attach(em: EntityManager, conversationId: string, uploaderId: string, messageId: string, attachmentIds: readonly string[]): Promise<number> {
    const rows = await this.run(
      em,
      'update message_attachment set message_id = ? where conversation_id = ? and uploader_id = ? and message_id is null and id in (?) returning id',
      [messageId, conversationId, uploaderId, [...attachmentIds]],
    );
    return rows.length;
  }

  async attachment(em: EntityManager, conversationId: string, attachmentId: string): Promise<AttachmentRow | null> {
    const rows = await this.run(em, 'select * from message_attachment where conversation_id = ? and id = ?', [conversationId, attachmentId]);
    return rows[0] ? attachment(rows[0]) : null;
  }

  async attachmentsOf(em: EntityManager, messageIds: readonly string[]): Promise<AttachmentRow[]> {
    if (messageIds.length === 0) return [];
    const rows = await this.run(em, 'select * from message_attachment where message_id in (?) order by created_at, id', [[...messageIds]]);
    return rows.map(attachment);
  }
}

const membershipOf = (r: Raw): MembershipRow => ({
  conversationId: r.conversation_id as string,
  memberId: r.member_id as string,
  folder: r.folder as ConversationFolder,
  active: Boolean(r.active),
  lastReadSeq: Number(r.last_read_seq),
  leftSeq: r.left_seq === null || r.left_seq === undefined ? null : Number(r.left_seq),
});
