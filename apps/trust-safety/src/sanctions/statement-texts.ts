/**
 * What a sanction restricts and how to appeal it, in words for the member, in the catalogue's languages
 * (English, Russian, Chinese), chosen by Accept-Language the same way as the guidelines' titles
 * (`catalogueLanguage`).
 */
import type { SanctionKind } from '@weop/contracts';
import type { CatalogueLanguage } from '../policy/guidelines.catalogue';

interface RestrictionTexts {
  warning: string;
  suspension: (until: string) => string;
  expulsion: string;
  removed: string;
  appealed: string;
  appealUntil: (day: string) => string;
  appealClosed: (day: string) => string;
}

const TEXTS: Record<CatalogueLanguage, RestrictionTexts> = {
  en: {
    warning: 'Nothing is restricted: this is a warning on your record. Further violations can lead to a suspension.',
    suspension: (until) =>
      `Your account is suspended until ${until}: you can sign in, read this notice, export your data and appeal, but not publish, comment, report, message or take part in programmes. Your open job posts and events are paused.`,
    expulsion: 'Your account is closed: you can sign in only to read this notice, export your data and appeal.',
    removed: 'The reported content was removed.',
    appealed: 'You have appealed this decision; the outcome appears here.',
    appealUntil: (day) => `You can appeal once, until ${day}: say why the decision is wrong. A senior moderator who did not make it will decide, and the outcome appears here.`,
    appealClosed: (day) => `The time to appeal ended on ${day}.`,
  },
  ru: {
    warning: 'Ничего не ограничено: это предупреждение в вашей истории. Дальнейшие нарушения могут привести к приостановке аккаунта.',
    suspension: (until) =>
      `Ваш аккаунт приостановлен до ${until}: вы можете войти, прочитать это уведомление, выгрузить свои данные и подать апелляцию, но не можете публиковать, комментировать, отправлять жалобы и сообщения или участвовать в программах. Ваши открытые вакансии и мероприятия приостановлены.`,
    expulsion: 'Ваш аккаунт закрыт: вы можете войти только для того, чтобы прочитать это уведомление, выгрузить свои данные и подать апелляцию.',
    removed: 'Материал, на который пожаловались, удалён.',
    appealed: 'Вы обжаловали это решение; результат появится здесь.',
    appealUntil: (day) => `Вы можете подать апелляцию один раз, до ${day}: объясните, почему решение ошибочно. Решать будет старший модератор, который не принимал это решение; результат появится здесь.`,
    appealClosed: (day) => `Срок подачи апелляции истёк ${day}.`,
  },
  zh: {
    warning: '没有任何限制：这是记录在您档案中的一次警告。再次违规可能导致账户被暂停。',
    suspension: (until) =>
      `您的账户已被暂停，直至 ${until}：您可以登录、阅读本通知、导出您的数据并提出申诉，但不能发布、评论、举报、发送消息或参加项目。您未结束的招聘信息和活动已暂停。`,
    expulsion: '您的账户已被关闭：您只能登录以阅读本通知、导出您的数据并提出申诉。',
    removed: '被举报的内容已被删除。',
    appealed: '您已对此决定提出申诉；结果将显示在这里。',
    appealUntil: (day) => `您可以在 ${day} 之前申诉一次：说明该决定为何有误。将由未参与该决定的高级版主作出裁定，结果将显示在这里。`,
    appealClosed: (day) => `申诉期限已于 ${day} 结束。`,
  },
};

/** What the sanction restricts, in her language; `endsAt` is required for a suspension. */
export function restrictionText(kind: SanctionKind, endsAt: Date | null, removedContent: boolean, language: CatalogueLanguage): string {
  const texts = TEXTS[language];
  const main = kind === 'warning' ? texts.warning : kind === 'suspension' ? texts.suspension(endsAt!.toISOString()) : texts.expulsion;
  return removedContent ? `${main} ${texts.removed}` : main;
}

/** How she can appeal: already appealed, until when, or no longer (`day` as YYYY-MM-DD). */
export function howToAppealText(state: 'appealed' | 'open' | 'closed', day: string, language: CatalogueLanguage): string {
  const texts = TEXTS[language];
  return state === 'appealed' ? texts.appealed : state === 'open' ? texts.appealUntil(day) : texts.appealClosed(day);
}
