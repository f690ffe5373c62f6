/**
 * Runs the detectors on what members write and files what they find as system reports for
 * moderators. Detectors never remove anything; a job with scam signals is only held for review.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { cutText } from '@weop/contracts';
import type { ReportSignal } from '@weop/contracts';
import { detectDoxxing, detectJobScam } from '@weop/text-signals';
import { ContentConfig } from '../content.config';
import { ReportsService } from '../reports/reports.service';
import { MinHasher, nearDuplicateSignal } from '../signals/near-duplicate';
import type { Comment, ContentItem } from './content-item.entity';
import { SimilarityRepository } from './similarity.repository';

const asReportSignals = (signals: { detector: ReportSignal['detector']; code: string; detail: string }[]): ReportSignal[] =>
  signals.map((s) => ({ detector: s.detector, code: cutText(s.code, 64), detail: cutText(s.detail, 500) }));

@Injectable()
export class ContentSignalsService {
  private readonly hasher = new MinHasher();

  constructor(
    private readonly reports: ReportsService,
    private readonly similarity: SimilarityRepository,
    @Inject(ContentConfig) private readonly config: ContentConfig,
  ) {}

  jobScamSignals(item: ContentItem): ReportSignal[] {
    const d = item.details;
    return asReportSignals(
      detectJobScam({
        title: item.title,
        organization: d.organization ?? '',
        description: item.plain,
        howToApply: d.howToApply ?? '',
        salaryMin: d.salaryMin ?? null,
        salaryMax: d.salaryMax ?? null,
        currency: d.currency ?? null,
        country: item.country ?? '',
        remote: d.remote ?? false,
      }),
    );
  }

  /** Checks a published item (and files what fires); answers the job-scam signals, which hold a job back. */
  async inspectItem(em: EntityManager, item: ContentItem): Promise<ReportSignal[]> {
    let scam: ReportSignal[] = [];
    if (item.type === 'job') {
      scam = this.jobScamSignals(item);
      await this.reports.fileSystem(em, item, 'no-scams', scam);
    }
    // Events and resources carry organisers' public contact details on purpose; free text by members is what doxxes.
    if (item.type === 'blog' || item.type === 'discussion') {
      await this.reports.fileSystem(em, item, 'privacy', asReportSignals(detectDoxxing(item.plain)));
    }
    if (item.type === 'blog' || item.type === 'publication') await this.checkDuplicate(em, item);
    return scam;
  }

  async inspectComment(em: EntityManager, item: ContentItem, comment: Comment, plain: string): Promise<void> {
    await this.reports.fileSystem(em, item, 'privacy', asReportSignals(detectDoxxing(plain)), { type: item.type === 'blog' ? 'comment' : 'reply', comment });
  }

  /**
   * Keeps the item's MinHash signature and LSH bands, and reports it when it largely repeats a text by
   * someone else: the oldest similar text names who wrote it first, so her own repost, or her post
   * that someone copied since, is not reported.
   */
  private async checkDuplicate(em: EntityManager, item: ContentItem): Promise<void> {
    const signature = this.hasher.signature(`${item.title}\n${item.plain}`);
    const bands = signature.length > 0 ? this.hasher.bandKeys(signature) : [];
    // Her own items are candidates too: when the oldest similar text is hers, she is the one copied.
    const candidates = bands.length > 0 ? await this.similarity.candidates(em, item.id, bands) : [];
    await this.similarity.save(em, item.id, signature, bands);
    const first = candidates
      .map((c) => ({ ...c, similarity: MinHasher.similarity(signature, c.signature) }))
      .find((c) => c.similarity >= this.config.NEAR_DUPLICATE_THRESHOLD);
    if (!first || first.authorId === item.authorId) return;
    await this.reports.fileSystem(em, item, 'intellectual-property', asReportSignals([nearDuplicateSignal(first.similarity, { id: first.id, title: first.title })]));
  }
}
