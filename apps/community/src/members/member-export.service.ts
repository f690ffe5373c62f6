/**
 * What community holds of her, for `GET /me/export`: besides notifications, connections and groups
 * (their features' own exports), the messages she wrote, the reports she filed and whom she muted.
 * Other members' words are not hers to take: the conversations appear as ids and sizes only.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '@weop/contracts';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { MutesService } from '../mutes/mutes.service';
import { ReportsRepository } from '../reports/reports.repository';

@Injectable()
export class MemberExportService {
  constructor(
    private readonly em: EntityManager,
    private readonly conversations: ConversationsRepository,
    private readonly reports: ReportsRepository,
    private readonly mutes: MutesService,
  ) {}

  async export(caller: Principal): Promise<Record<string, unknown>> {
    const em = this.em.fork();
    const [messages, reports] = await Promise.all([this.conversations.writtenBy(em, caller.accountId), this.reports.filedBy(em, caller.accountId)]);
    return {
      messagesWritten: messages.map((m) => ({
        id: m.id, conversationId: m.conversationId, text: m.visibility === 'removed' ? null : m.body, removedByModerators: m.visibility === 'removed', sentAt: m.createdAt.toISOString(),
      })),
      reportsFiled: reports.map((r) => ({
        id: r.id, subject: { type: r.subjectType, id: r.subjectId }, guideline: r.guideline, details: r.details, status: r.status, filedAt: r.createdAt.toISOString(),
      })),
      ...(await this.mutes.export(caller)),
    };
  }
}
