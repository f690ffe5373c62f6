/**
 * What community holds of her, for `GET /me/export`: besides notifications, connections and groups
 * (their features' own exports), the messages she wrote, the reports she filed and whom she muted.
 * Other members' words are not hers to take: the conversations appear as ids and sizes only.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '@weop/contracts';
import { MutesService } from '../mutes/mutes.service';

@Injectable()
export class MemberExportService {
  constructor(
    private readonly em: EntityManager,
    private readonly mutes: MutesService,
  ) {}

  async export(caller: Principal): Promise<Record<string, unknown>> {
    const em = this.em.fork();
    const run = <T extends object>(sql: string) => em.getConnection().execute<T[]>(sql, [caller.accountId], 'all');
    const messages = await run<{ id: string; conversation_id: string; body: string; visibility: string; created_at: Date | string }>(
      `select id, conversation_id, body, visibility, created_at from direct_message where author_id = ? and kind = 'text' order by created_at, id`,
    );
    const reports = await run<{ id: string; subject_type: string; subject_id: string; guideline: string; details: string | null; status: string; created_at: Date | string }>(
      'select id, subject_type, subject_id, guideline, details, status, created_at from community_report where reporter_id = ? order by created_at, id',
    );
    return {
      messagesWritten: messages.map((m) => ({
        id: m.id, conversationId: m.conversation_id, text: m.visibility === 'removed' ? null : m.body, removedByModerators: m.visibility === 'removed', sentAt: new Date(m.created_at).toISOString(),
      })),
      reportsFiled: reports.map((r) => ({
        id: r.id, subject: { type: r.subject_type, id: r.subject_id }, guideline: r.guideline, details: r.details, status: r.status, filedAt: new Date(r.created_at).toISOString(),
      })),
      ...(await this.mutes.export(caller)),
    };
  }
}
