/**
 * The community guidelines of the brief (product/seed-carec-weop.txt, "Community Guidelines") with stable
 * codes, in English, Russian and Chinese. Every report and every decision cites a code; the severity
 * feeds a case's priority. `safety` is not a guideline of the brief by name: it gathers what the brief's
 * promise of a safe community needs moderators to act on first (threats, doxxing, intimate images, child safety).
 */
import type { Guideline } from '@weop/contracts';

export type Severity = 'standard' | 'high' | 'critical';
export type CatalogueLanguage = 'en' | 'ru' | 'zh';
export const CATALOGUE_LANGUAGES: readonly CatalogueLanguage[] = ['en', 'ru', 'zh'];

interface Text {
  title: string;
  summary: string;
  text: string;
}

export interface GuidelineEntry {
  code: Guideline;
  severity: Severity;
  texts: Record<CatalogueLanguage, Text>;
}

export const GUIDELINE_CATALOGUE: readonly GuidelineEntry[] = [
  {
    code: 'be-real',
    severity: 'standard',
    texts: {
      en: {
        title: 'Be real',
        summary: 'Use your true identity and accurate information about yourself.',
        text: 'We require you to use your true identity on the Platform and provide accurate information about yourself. Do not create a fake profile or provide false information about yourself to mislead other members of this Platform. Do not use an image of someone else for your profile photo.',
      },
      ru: {
        title: 'Будьте собой',
        summary: 'Используйте свои настоящие данные и достоверные сведения о себе.',
        text: 'Мы просим вас использовать на Платформе свои настоящие данные и сообщать о себе достоверные сведения. Не создавайте поддельный профиль и не указывайте ложные сведения о себе, чтобы ввести в заблуждение других участниц Платформы. Не используйте фотографию другого человека в качестве фото профиля.',
      },
      zh: {
        title: '真实身份',
        summary: '使用您的真实身份，提供关于您自己的准确信息。',
        text: '我们要求您在平台上使用真实身份，并提供关于您自己的准确信息。请勿创建虚假个人资料或提供虚假信息来误导平台上的其他成员。请勿使用他人的照片作为您的头像。',
      },
    },
  },
  {
    code: 'respect',
    severity: 'high',
    texts: {
      en: {
        title: 'Be respectful',
        summary: 'Treat all members with respect: no personal attacks, harassment or discrimination.',
        text: 'Treat all members with respect. Be courteous in your interactions, and refrain from engaging in personal attacks, harassment, or any form of discrimination based on race, ethnicity, religion, disability, or any other personal trait.',
      },
      ru: {
        title: 'Проявляйте уважение',
        summary: 'Относитесь ко всем участницам с уважением: без оскорблений, преследования и дискриминации.',
        text: 'Относитесь ко всем участницам с уважением. Будьте вежливы в общении и воздерживайтесь от личных нападок, преследования и любой дискриминации по признаку расы, этнической принадлежности, религии, инвалидности или любой другой личной характеристики.',
      },
      zh: {
        title: '相互尊重',
        summary: '尊重所有成员：禁止人身攻击、骚扰和歧视。',
        text: '请尊重所有成员。在交流中保持礼貌，不得进行人身攻击、骚扰，或基于种族、民族、宗教、残疾或任何其他个人特征的任何形式的歧视。',
      },
    },
  },
  {
    code: 'no-scams',
    severity: 'high',
    texts: {
      en: {
        title: 'Don\'t scam or defraud others',
        summary: 'Give truthful information, above all in job posts.',
        text: 'This Platform allows users to share or post job opportunities. Do not deceive or defraud other members of the community and instead provide truthful information about the job.',
      },
      ru: {
        title: 'Не обманывайте',
        summary: 'Сообщайте правдивые сведения, особенно в вакансиях.',
        text: 'Платформа позволяет публиковать вакансии и делиться ими. Не обманывайте участниц сообщества и не вводите их в заблуждение — сообщайте о работе правдивые сведения.',
      },
      zh: {
        title: '禁止欺诈',
        summary: '提供真实信息，尤其是在招聘信息中。',
        text: '本平台允许用户分享或发布招聘信息。请勿欺骗或诈骗社区中的其他成员，应提供关于该工作的真实信息。',
      },
    },
  },
  {
    code: 'privacy',
    severity: 'critical',
    texts: {
      en: {
        title: 'Respect privacy',
        summary: 'Do not share other people\'s personal information without their consent.',
        text: 'Respect the privacy of fellow members. Avoid sharing personal information about others outside this Platform without their consent.',
      },
      ru: {
        title: 'Уважайте частную жизнь',
        summary: 'Не распространяйте личные данные других людей без их согласия.',
        text: 'Уважайте частную жизнь других участниц. Не распространяйте личную информацию о других людях за пределами Платформы без их согласия.',
      },
      zh: {
        title: '尊重隐私',
        summary: '未经他人同意，请勿分享其个人信息。',
        text: '请尊重其他成员的隐私。未经他人同意，请勿在平台之外分享他人的个人信息。',
      },
    },
  },
  {
    code: 'intellectual-property',
    severity: 'standard',
    texts: {
      en: {
        title: 'Respect intellectual property',
        summary: 'Share only what you have the right to share; blogs must be your own words.',
        text: 'Respect copyright and intellectual property rights. When uploading publications on this Platform, ensure that you have the intellectual right to share or publish the material in this community. Do not post copyrighted material without the owner\'s permission. When posting blogs, be sure that the blog is your own and is not written by others or generated by ChatGPT or similar AI tools.',
      },
      ru: {
        title: 'Уважайте интеллектуальную собственность',
        summary: 'Публикуйте только то, на что у вас есть права; блог — только ваши собственные слова.',
        text: 'Соблюдайте авторские права и права на интеллектуальную собственность. Загружая публикации на Платформу, убедитесь, что у вас есть право делиться этими материалами или публиковать их в сообществе. Не размещайте материалы, защищённые авторским правом, без разрешения правообладателя. Публикуя блог, убедитесь, что он написан вами, а не другими людьми, и не создан ChatGPT или подобными инструментами ИИ.',
      },
      zh: {
        title: '尊重知识产权',
        summary: '只分享您有权分享的内容；博客必须是您自己写的。',
        text: '请尊重版权和知识产权。在本平台上传出版物时，请确保您有权在本社区分享或发布该材料。未经所有者许可，请勿发布受版权保护的材料。发布博客时，请确保博客由您本人撰写，而不是他人所写，也不是由 ChatGPT 或类似人工智能工具生成的。',
      },
    },
  },
  {
    code: 'be-factual',
    severity: 'standard',
    texts: {
      en: {
        title: 'Be factual',
        summary: 'What you publish must be true.',
        text: 'Make sure that the facts shared in your publications and blogs are factual and do not contain false information.',
      },
      ru: {
        title: 'Опирайтесь на факты',
        summary: 'Всё, что вы публикуете, должно быть правдой.',
        text: 'Убедитесь, что факты в ваших публикациях и блогах достоверны и не содержат ложной информации.',
      },
      zh: {
        title: '实事求是',
        summary: '您发布的内容必须真实。',
        text: '请确保您在出版物和博客中分享的事实准确无误，不含虚假信息。',
      },
    },
  },
  {
    code: 'safety',
    severity: 'critical',
    texts: {
      en: {
        title: 'Keep everyone safe',
        summary: 'No threats, doxxing, intimate images or anything that endangers a child.',
        text: 'Do not threaten anyone, reveal where someone lives or how to find her, share intimate images of anyone, or post anything that sexualises or endangers a child. Reports under this guideline go to the top of the moderators\' queue; if someone is in immediate danger, also contact local emergency services.',
      },
      ru: {
        title: 'Берегите безопасность',
        summary: 'Никаких угроз, раскрытия личных данных, интимных изображений и того, что угрожает детям.',
        text: 'Не угрожайте никому, не раскрывайте, где человек живёт или как его найти, не распространяйте чьи-либо интимные изображения и не публикуйте ничего, что сексуализирует ребёнка или угрожает ему. Жалобы по этому правилу модераторы рассматривают в первую очередь; если кому-то грозит непосредственная опасность, обратитесь также в местные экстренные службы.',
      },
      zh: {
        title: '保障每个人的安全',
        summary: '禁止威胁、人肉搜索、私密图像以及任何危害儿童的内容。',
        text: '请勿威胁任何人，请勿透露他人的住址或找到她的方式，请勿分享任何人的私密图像，也不得发布任何将儿童性化或危害儿童的内容。依据本条的举报将由版主优先处理；如有人面临紧迫危险，请同时联系当地紧急服务。',
      },
    },
  },
];

/** The first language of Accept-Language that the catalogue has, by quality; English when none. */
export function catalogueLanguage(acceptLanguage: string | undefined): CatalogueLanguage {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { primary: tag.trim().toLowerCase().split('-')[0], quality: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((l) => l.primary && Number.isFinite(l.quality) && l.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  const found = ranked.find((l) => (CATALOGUE_LANGUAGES as readonly string[]).includes(l.primary));
  return (found?.primary as CatalogueLanguage | undefined) ?? 'en';
}

export const SEVERITY_WEIGHT: Record<Severity, number> = { standard: 10, high: 30, critical: 60 };

export function guidelineEntry(code: Guideline): GuidelineEntry {
  const entry = GUIDELINE_CATALOGUE.find((g) => g.code === code);
  if (!entry) throw new Error(`guideline ${code} is not in the catalogue`);
  return entry;
}
