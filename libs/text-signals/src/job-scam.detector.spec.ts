// Unit tests for the job-scam detector: postings that must fire, and genuine postings that must not.
import { detectJobScam, detectScamInMessage, findFeeRequest, type JobPostingForScreening } from './job-scam.detector';
import { domainFitsOrganization, isFreeMailDomain, parseOrganizationName, registrableDomain } from './organization-domain.matcher';
import { currencyCode, toUsd } from './salary-ranges.table';

const codes = (job: JobPostingForScreening) => detectJobScam(job).map((s) => s.code);

/** A plain, genuine-looking posting; each test changes what it is about. */
const base: JobPostingForScreening = {
  title: 'Accountant',
  organization: 'Kaspi Bank',
  description: 'Kaspi Bank is looking for an accountant for its Almaty office. Three years of experience with IFRS.',
  howToApply: 'Send your CV to hr@kaspi.kz',
  salaryMin: 500_000,
  salaryMax: 800_000,
  currency: 'KZT',
  country: 'KZ',
  remote: false,
};

describe('detectJobScam: genuine postings stay quiet', () => {
  it('a UNDP programme officer post in Tashkent, applied for on undp.org, with the UN fraud disclaimer', () => {
    const job: JobPostingForScreening = {
      title: 'Programme Officer (Gender Equality and Women’s Empowerment)',
      organization: 'United Nations Development Programme (UNDP)',
      description: [
        'UNDP in Uzbekistan seeks a Programme Officer to lead its portfolio on women’s economic empowerment in Tashkent,',
        'Samarkand and Karakalpakstan. The incumbent manages partnerships with the Ministry of Employment and Poverty',
        'Reduction, oversees grants to women-led businesses and reports to the Deputy Resident Representative.',
        'Requirements: a master’s degree in economics, gender studies or a related field; five years of relevant experience;',
        'fluency in English and Uzbek or Russian.',
        'Scam warning: the United Nations does not charge any application, processing, training, interviewing, testing or',
        'other fee in connection with the application or recruitment process. UNDP does not charge a fee at any stage of',
        'the recruitment process. Please do not respond to any email asking for a registration fee.',
      ].join(' '),
      howToApply: 'Apply online at https://jobs.undp.org/cj_view_job.cfm?cur_job_id=118230 by 15 March 2026. Questions: hr.uz@undp.org',
      salaryMin: null,
      salaryMax: null,
      currency: null,
      country: 'UZ',
      remote: false,
    };
    expect(detectJobScam(job)).toEqual([]);
  });

  it('a Kaspi Bank post with hr@kaspi.kz, tenge salary and bank vocabulary (deposits, payments)', () => {
    const job: JobPostingForScreening = {
      ...base,
      title: 'Deposit and Payments Product Specialist',
      description:
        'You will design deposit products and improve payments in the Kaspi.kz app. We pay a competitive salary, ' +
        'an annual bonus and cover medical insurance. Corporate training is free for employees.',
      salaryMin: 700_000,
      salaryMax: 1_200_000,
    };
    expect(detectJobScam(job)).toEqual([]);
  });

  it('a Russian-language post from a Kazakh bank, with employer-paid training and pension contributions', () => {
    const job: JobPostingForScreening = {
      title: 'Менеджер по работе с клиентами',
      organization: 'АО «Халык Банк»',
      description: [
        'Обязанности: консультирование клиентов по депозитам и кредитам, оформление банковских карт.',
        'Требования: высшее образование, опыт работы с клиентами от 1 года, знание казахского и русского языков.',
        'Условия: официальное трудоустройство, оплачиваемый отпуск, оплата обучения за счёт компании,',
        'медицинское страхование, пенсионные взносы и социальные отчисления по закону. Оплата труда два раза в месяц.',
      ].join('\n'),
      howToApply: 'Резюме отправляйте на hr@halykbank.kz или звоните +7 727 259 07 77.',
      salaryMin: 350_000,
      salaryMax: 500_000,
      currency: 'KZT',
      country: 'KZ',
    };
    expect(detectJobScam(job)).toEqual([]);
  });

  it('a Chinese employer whose name cannot be compared with its domain is not called a mismatch', () => {
    const job: JobPostingForScreening = {
      title: '客户经理',
      organization: '中国银行乌鲁木齐分行',
      description: '负责对公客户的开发与维护。本科及以上学历，两年以上银行工作经验。',
      howToApply: '请将简历发送至 hr.xj@boc.cn',
      salaryMin: 12_000,
      salaryMax: 18_000,
      currency: 'CNY',
      country: 'CN',
    };
    expect(detectJobScam(job)).toEqual([]);
  });

  it('a small NGO that takes messages on WhatsApp but also has an application form', () => {
    const job: JobPostingForScreening = {
      ...base,
      title: 'Community trainer (part-time)',
      organization: 'Public Foundation "Umut"',
      description: 'Run weekly financial literacy sessions for women in Osh. Participation in our trainer course is free.',
      howToApply: 'Fill in the form at https://forms.gle/abc123XYZ or ask questions on WhatsApp +996 555 123 456.',
      salaryMin: 20_000,
      salaryMax: 30_000,
      currency: 'KGS',
      country: 'KG',
    };
    expect(detectJobScam(job)).toEqual([]);
  });

  it('a remote international role with a high but plausible USD salary', () => {
    const job: JobPostingForScreening = {
      ...base,
      title: 'Senior Backend Engineer (remote)',
      organization: 'Mercy Corps',
      description: 'Build data systems for our Central Asia programmes. No application fee; we never ask candidates for money.',
      howToApply: 'Apply at careers.mercycorps.org',
      salaryMin: 6_000,
      salaryMax: 9_000,
      currency: 'USD',
      country: 'KG',
      remote: true,
    };
    expect(detectJobScam(job)).toEqual([]);
  });

  it('an employer that names itself "Confidential" and uses gmail is not a personal-email signal', () => {
    expect(codes({ ...base, organization: 'Confidential', howToApply: 'CV to almaty.jobs2026@gmail.com' })).toEqual([]);
  });
});

describe('detectJobScam: scam postings fire', () => {
  it('a work-from-home lure: registration fee, WhatsApp only, absurd pay', () => {
    const job: JobPostingForScreening = {
      title: 'Online data entry assistant — work from home!',
      organization: 'Global Careers Ltd',
      description:
        'Earn up to $5,000 per week working 2 hours a day. No experience needed. To start, pay a one-time registration ' +
        'fee of $50 for your training materials.',
      howToApply: 'Send a message on WhatsApp +7 701 555 12 34',
      salaryMin: 15_000,
      salaryMax: 25_000,
      currency: 'USD',
      country: 'KZ',
      remote: false,
    };
    const signals = detectJobScam(job);
    expect(signals.map((s) => s.code)).toEqual(['fee-to-apply', 'messaging-app-only', 'pay-out-of-range']);
    expect(signals.every((s) => s.detector === 'job-scam')).toBe(true);
    expect(signals[0].detail).toContain('registration fee of $50');
    expect(signals[1].detail).toContain('WhatsApp');
    expect(signals[2].detail).toMatch(/25,000 USD.*more than 5 times.*KZ/);
  });

  it('a Russian-language post that asks to pay for "оформление" and takes contact only on Telegram', () => {
    const job: JobPostingForScreening = {
      title: 'Администратор в салон красоты',
      organization: 'ТОО «Альфа Трейд»',
      description:
        'Требуются девушки от 18 лет, опыт не нужен. Обучение за 3 дня. Для оформления необходимо оплатить 15 000 тенге ' +
        'за пропуск и медкнижку.',
      howToApply: 'Пишите в Телеграм: t.me/alfa_hr_almaty',
      salaryMin: 300_000,
      salaryMax: 450_000,
      currency: 'KZT',
      country: 'KZ',
    };
    const signals = detectJobScam(job);
    expect(signals.map((s) => s.code)).toEqual(['fee-to-apply', 'messaging-app-only']);
    expect(signals[0].detail).toContain('оплатить 15 000 тенге');
    expect(signals[1].detail).toContain('Telegram');
  });

  it.each([
    ['предоплата', 'Шитьё на дому. Материалы высылаем после предоплаты 2 000 сом.'],
    ['взнос', 'Работа курьером. Вступительный взнос 10 000 тг возвращается через месяц.'],
    ['перевести на карту', 'Чтобы забронировать место, переведите 5000 тенге на карту Kaspi.'],
    ['стоимость обучения', 'Стоимость обучения на оператора 20 000 тг, после обучения трудоустройство.'],
    ['a refundable deposit', 'A refundable deposit of 20 000 KZT is required for the uniform.'],
    ['you must pay', 'Selected candidates must pay for the visa processing before departure.'],
    ['pay $50', 'Pay $50 to reserve your place in the next training group.'],
    ['an application fee', 'Application fee: 30 USD, payable by bank transfer.'],
    ['Western Union', 'Send the processing charge via Western Union to our agent in Dubai.'],
  ])('asks for money: %s', (_label, description) => {
    expect(codes({ ...base, description })).toEqual(['fee-to-apply']);
  });

  it('contact only through a personal address, for a named organisation', () => {
    const signals = detectJobScam({ ...base, howToApply: 'Резюме на kaspi.hr.almaty@gmail.com, тема письма «Бухгалтер»' });
    expect(signals.map((s) => s.code)).toEqual(['personal-email', 'organization-domain-mismatch']);
    expect(signals[0].detail).toContain('kaspi.hr.almaty@gmail.com');
    expect(signals[1].detail).toMatch(/uses the name of "Kaspi Bank" on a free mail service \(gmail\.com\)/);
  });

  it.each(['mail.ru', 'yandex.kz', 'qq.com', '163.com', 'outlook.com', 'icloud.com', 'inbox.ru'])('a personal address on %s', (host) => {
    expect(codes({ ...base, howToApply: `CV: a.nurlanova@${host}` })).toEqual(['personal-email']);
  });

  it('Asian Development Bank with an address on adb-careers.net: a lookalike domain', () => {
    const signals = detectJobScam({ ...base, organization: 'Asian Development Bank', howToApply: 'Send CV and passport copy to hr@adb-careers.net' });
    expect(signals.map((s) => s.code)).toEqual(['organization-domain-mismatch']);
    expect(signals[0].detail).toMatch(/adb-careers\.net, which borrows the name of "Asian Development Bank"/);
  });

  it('Asian Development Bank with adb.jobs@gmail.com: personal email and a borrowed name', () => {
    expect(codes({ ...base, organization: 'Asian Development Bank', howToApply: 'Apply: adb.jobs@gmail.com' })).toEqual([
      'personal-email',
      'organization-domain-mismatch',
    ]);
  });

  it('an email domain unrelated to the organisation', () => {
    const signals = detectJobScam({ ...base, howToApply: 'Send CV to recruit@fastjobs-online.com' });
    expect(signals.map((s) => s.code)).toEqual(['organization-domain-mismatch']);
    expect(signals[0].detail).toContain('fastjobs-online.com');
  });

  it.each([
    ['WeChat', '请加微信 hr_2026 联系'],
    ['Viber', 'Звоните или пишите в Viber: +998 90 123 45 67'],
    ['Signal', 'Message us on Signal: +92 300 1234567'],
    ['IMO', 'IMO: +992 93 555 1234'],
    ['WhatsApp', 'https://wa.me/77015551234'],
  ])('contact only through %s', (app, howToApply) => {
    const signals = detectJobScam({ ...base, howToApply });
    expect(signals.map((s) => s.code)).toEqual(['messaging-app-only']);
    expect(signals[0].detail).toContain(app);
  });

  it('pay far above the country range, in local currency', () => {
    expect(codes({ ...base, salaryMin: 10_000_000, salaryMax: 15_000_000, currency: 'KZT' })).toEqual(['pay-out-of-range']);
    expect(codes({ ...base, country: 'UZ', salaryMin: 150_000_000, salaryMax: 250_000_000, currency: 'UZS' })).toEqual(['pay-out-of-range']);
    expect(codes({ ...base, country: 'TJ', salaryMin: null, salaryMax: 120_000, currency: 'сомони' })).toEqual(['pay-out-of-range']);
  });

  it('keeps details short enough for a report line, however long the organisation name', () => {
    const organization = `Kaspi ${'Very Long Holding Name '.repeat(30)}`;
    const signals = detectJobScam({ ...base, organization, howToApply: 'kaspi.hr@gmail.com' });
    expect(signals.map((s) => s.code)).toEqual(['personal-email', 'organization-domain-mismatch']);
    for (const s of signals) expect(s.detail.length).toBeLessThanOrEqual(300);
  });

  it('a maximum salary below the minimum', () => {
    const signals = detectJobScam({ ...base, salaryMin: 800_000, salaryMax: 500_000 });
    expect(signals.map((s) => s.code)).toEqual(['pay-out-of-range']);
    expect(signals[0].detail).toBe('The maximum salary (500,000) is below the minimum (800,000).');
  });
});

describe('pay ranges', () => {
  it('takes a missing currency as the local one, which errs towards not flagging', () => {
    expect(codes({ ...base, currency: null, salaryMin: 500_000, salaryMax: 900_000 })).toEqual([]);
    expect(codes({ ...base, currency: '', salaryMin: 15_000_000, salaryMax: null })).toEqual(['pay-out-of-range']);
  });

  it('skips the check for an unknown currency or a country outside the table', () => {
    expect(codes({ ...base, currency: 'GBP', salaryMax: 999_999_999 })).toEqual([]);
    expect(codes({ ...base, country: '', salaryMax: 999_999_999 })).toEqual([]);
  });

  it('gives remote jobs a higher ceiling', () => {
    const remote = { ...base, country: 'KG', currency: 'USD', salaryMin: 12_000, salaryMax: 14_000 };
    expect(codes({ ...remote, remote: false })).toEqual(['pay-out-of-range']);
    expect(codes({ ...remote, remote: true })).toEqual([]);
  });

  it('reads common currency spellings', () => {
    expect(currencyCode('₸')).toBe('KZT');
    expect(currencyCode(' usd ')).toBe('USD');
    expect(currencyCode('сум')).toBe('UZS');
    expect(currencyCode('GBP')).toBeNull();
    expect(toUsd(520_000, 'KZT')).toBeCloseTo(1000);
  });
});

describe('findFeeRequest: denials and employer-paid costs do not count', () => {
  it.each([
    'There is no application fee.',
    'We never ask candidates to pay a registration fee.',
    'Visa fees are covered by the employer.',
    'We pay $800 per month plus a quarterly bonus.',
    'We pay for your training and accommodation.',
    'Training fees are reimbursed after the probation period.',
    'Мы не берём предоплату и не просим денег за трудоустройство.',
    'Обучение бесплатное, оплата обучения за счёт работодателя.',
    'Компания готова оплатить переезд и проживание.',
    'Работодатель платит пенсионные взносы и социальный налог.',
    'Отправьте резюме и переведите документы на английский язык.',
    'Оплачиваемая стажировка, заработная плата за месяц 200 000 тенге.',
    'You will pay attention to detail and deposit cash at the branch daily.',
    'Joining bonus of $500 and a relocation payment of $2,000.',
    'Оплата: 200 000 тг в месяц, оплата проезда и питания.',
    'Uniform and security deposit for housing are provided free of charge.',
  ])('%s', (text) => {
    expect(findFeeRequest(text)).toBeNull();
  });

  it('a denial in one sentence does not cancel a demand in the next', () => {
    expect(findFeeRequest('No experience needed. Pay $30 to register.')).toBe('Pay $30 to register.');
    expect(findFeeRequest('Без опыта, нужно оплатить обучение 10 000 тг.')).toBe('нужно оплатить обучение 10 000 тг.');
  });
});

describe('organisation and email domain', () => {
  const fits = (organization: string, host: string) => {
    const name = parseOrganizationName(organization);
    if (name === null) throw new Error(`no comparable name in ${organization}`);
    return domainFitsOrganization(host, name);
  };

  it.each([
    ['Asian Development Bank', 'adb.org'],
    ['UNDP', 'undp.org'],
    ['United Nations Development Programme (UNDP)', 'uz.undp.org'],
    ['Kaspi Bank', 'kaspi.kz'],
    ['АО «Халык Банк»', 'halykbank.kz'],
    ['ООО «Яндекс»', 'yandex.ru'],
    ['KazMunayGas', 'kmg.kz'],
    ['European Bank for Reconstruction and Development', 'ebrd.com'],
    ['Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ) GmbH', 'giz.de'],
    ['Save the Children', 'savethechildren.net'],
    ['UN Women', 'unwomen.org'],
    ['Office of the UN High Commissioner for Human Rights', 'un.org'],
    ['CAREC Institute', 'carecinstitute.org'],
    ['Beeline Kazakhstan', 'beeline.kz'],
    ['Ministry of Labour and Social Protection of the Population', 'enbek.gov.kz'],
    ['Nazarbayev University', 'nu.edu.kz'],
    ['Kazakhtelecom', 'telecom.kz'],
    ['Air Astana', 'airastana.com'],
    ['Kaspi Bank', 'kaspi.com.kz'],
  ])('%s fits %s', (organization, host) => {
    expect(fits(organization, host)).toBe(true);
  });

  it.each([
    ['Asian Development Bank', 'adb-careers.net'],
    ['Asian Development Bank', 'adbjobs.org'],
    ['Kaspi Bank', 'kaspi-hr-team.com'],
    ['Kaspi Bank', 'kaspl.kz'],
    ['UNDP', 'undp-recruitment.org'],
    ['UNICEF', 'un.org.careers-portal.com'],
    ['Kaspi Bank', 'fastjobs-online.com'],
  ])('%s does not fit %s', (organization, host) => {
    expect(fits(organization, host)).toBe(false);
  });

  it('finds the registrable label under second-level ccTLD names and knows restricted registries', () => {
    expect(registrableDomain('careers.kaspi.com.kz')).toEqual({ domain: 'kaspi.com.kz', label: 'kaspi', restricted: false });
    expect(registrableDomain('hr.enbek.gov.kz')).toEqual({ domain: 'enbek.gov.kz', label: 'enbek', restricted: true });
    expect(registrableDomain('iom.int')).toEqual({ domain: 'iom.int', label: 'iom', restricted: true });
  });

  it('knows free mail services, including country variants', () => {
    expect(isFreeMailDomain('gmail.com')).toBe(true);
    expect(isFreeMailDomain('yahoo.co.uk')).toBe(true);
    expect(isFreeMailDomain('kaspi.kz')).toBe(false);
  });

  it('has nothing to compare in a name written only in Chinese characters', () => {
    expect(parseOrganizationName('中国银行')).toBeNull();
  });
});

describe('detectScamInMessage', () => {
  it('names a request to pay in a private message, and nothing else a posting would be judged on', () => {
    expect(detectScamInMessage('Hello! We have a job for you in Dubai. You only need to pay a registration fee of $50 to start.')).toEqual([
      expect.objectContaining({ detector: 'job-scam', code: 'fee-to-apply' }),
    ]);
    expect(detectScamInMessage('Write to me on Telegram, I would love to hear about your cooperative.')).toEqual([]);
    expect(detectScamInMessage('The training is free of charge; the organisers cover travel.')).toEqual([]);
  });
});
