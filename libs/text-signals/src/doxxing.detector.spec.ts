// Unit tests for the doxxing detector: personal data that must be found in English, Russian and Chinese
// text, and ordinary numbers (years, prices, counts, dates, links) that must not be.
import { detectDoxxing, maskValue } from './doxxing.detector';
import { isChinaId, isKazakhIin, isKyrgyzPin, isUzbekPinfl } from './national-id.finder';

const codes = (text: string) => detectDoxxing(text).map((s) => s.code);

describe('detectDoxxing: phone numbers', () => {
  it.each([
    ['Kazakhstan, international', 'Её номер +7 701 123 45 67, звоните вечером.', 'Kazakhstan (+7)'],
    ['Kazakhstan, local with trunk 8', 'Пишите ей: 8 (701) 123-45-67', 'Kazakhstan local'],
    ['Kazakhstan, compact', 'her number is 87011234567 if anyone wants to tell her what they think', 'Kazakhstan local'],
    ['Tajikistan', 'Call Nigora on +992 93 555 12 34 today', 'Tajikistan (+992)'],
    ['Azerbaijan', 'Əlaqə: +994 50 123 45 67', 'Azerbaijan (+994)'],
    ['Georgia', 'ნომერი: +995 555 12 34 56', 'Georgia (+995)'],
    ['Kyrgyzstan', 'Anyone can reach her at +996 555 123 456.', 'Kyrgyzstan (+996)'],
    ['Uzbekistan', 'Uning raqami +998 90 123-45-67', 'Uzbekistan (+998)'],
    ['Mongolia', 'Утас: +976 9911 2233', 'Mongolia (+976)'],
    ['China', '她的手机是 +86 138 0013 8000', 'China (+86)'],
    ['Pakistan', 'Her WhatsApp is +92 300 1234567', 'Pakistan (+92)'],
    ['Turkmenistan', 'Telefon: +993 65 123456', 'Turkmenistan (+993)'],
    ['Uzbekistan, written without +', 'номер 998901234567', 'Uzbekistan (+998)'],
    ['Pakistan, local mobile', 'Contact her directly on 0300-1234567', 'Pakistan mobile'],
    ['China, local mobile', '手机：13800138000', 'China mobile'],
    ['China, digits against Chinese characters', '她的手机是13800138000，快去骂她', 'China mobile'],
    ['China, full-width digits', '电话：１３８００１３８０００', 'China mobile'],
    ['Azerbaijan or Kyrgyzstan, trunk 0', 'Nömrəsi 050 123 45 67', 'trunk 0'],
    ['Kyrgyzstan, trunk 0', 'Ее телефон 0555 123 456', 'trunk 0'],
    ['Uzbekistan, local with a cue', 'тел. 90 123 45 67', 'local 9-digit'],
    ['Georgia, local with phone grouping', 'she is at 555 12 34 56 most evenings', 'local 9-digit'],
    ['a city number with a cue', 'Домашний телефон: 259-07-77', 'local city number'],
    ['a number followed by an ordinary word', 'call her 87011234567 tonight', 'Kazakhstan local'],
    ['a number from outside the region', 'Her German number is +49 30 12345678.', 'international'],
  ])('%s', (_label, text, kind) => {
    const signals = detectDoxxing(text);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ detector: 'doxxing', code: 'phone-number' });
    expect(signals[0].detail).toContain(kind);
  });

  it('masks all but the last four digits and keeps the layout', () => {
    const [found] = detectDoxxing('Её номер +7 701 123 45 67, звоните вечером.');
    expect(found.detail).toBe('A phone number in Kazakhstan (+7) format: +• ••• ••• 45 67.');
    expect(found.detail).not.toMatch(/701|123/);
  });

  it('reports each number once, in order', () => {
    const text = 'Звоните +998 90 123 45 67 или +998 91 765 43 21. Ещё раз: +998 90 123 45 67.';
    expect(detectDoxxing(text).map((s) => s.detail)).toEqual([
      'A phone number in Uzbekistan (+998) format: +••• •• ••• 45 67.',
      'A phone number in Uzbekistan (+998) format: +••• •• ••• 43 21.',
    ]);
  });

  it('stops listing after ten numbers of one kind and says there are more', () => {
    const list = Array.from({ length: 15 }, (_, i) => `+996 555 123 4${String(i).padStart(2, '0')}`).join(', ');
    const signals = detectDoxxing(`Номера всех участниц: ${list}`);
    expect(signals).toHaveLength(11);
    expect(signals[10].detail).toBe('More phone numbers follow; the text lists over 10.');
  });

  it('separates a number from the one that follows it', () => {
    expect(detectDoxxing('Тел: +7 701 123 45 67 2 раза звонила').map((s) => s.detail)).toEqual([
      'A phone number in Kazakhstan (+7) format: +• ••• ••• 45 67.',
    ]);
  });
});

describe('detectDoxxing: national ID numbers', () => {
  it.each([
    ['Kazakhstan IIN with a valid check digit', 'Её ИИН 850712400122, пусть все знают', 'Kazakhstan IIN'],
    ['Kazakhstan IIN, unlabelled', 'she posted 881201300453 in the group', 'Kazakhstan IIN'],
    ['Kazakhstan IIN, labelled but with a typo', 'IIN: 850712400123', 'Kazakhstan IIN'],
    ['Uzbekistan PINFL', 'JShShIR: 31505850210034', 'Uzbekistan PINFL'],
    ['Kyrgyzstan PIN', 'ПИН 21505199000123', 'Kyrgyzstan personal number'],
    ['Pakistan CNIC', 'Her CNIC is 35202-1234567-1 and she lives in Lahore', 'Pakistan CNIC'],
    ['Pakistan CNIC, compact and labelled', 'CNIC 3520212345671', 'Pakistan CNIC'],
    ['China resident ID', '她的身份证号码是11010519491231002X', 'China resident ID'],
    ['China resident ID, spaced', 'ID: 440304 19900307 123X', 'China resident ID'],
    ['Mongolia civil register number', 'Регистрийн дугаар: УБ99112233', 'Mongolia civil register'],
    ['Azerbaijan FIN, labelled', 'Şəxsiyyət vəsiqəsi, FİN kod: 5ZK8T2R', 'Azerbaijan FIN'],
    ['Georgia personal number, labelled', 'Her personal number is 01024054321.', 'Georgia personal number'],
    ['Georgia personal number, in Georgian', 'პირადი ნომერი 01024054321', 'Georgia personal number'],
  ])('%s', (_label, text, kind) => {
    const signals = detectDoxxing(text);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ detector: 'doxxing', code: 'national-id' });
    expect(signals[0].detail).toContain(kind);
  });

  it('shows only the last four characters of an ID', () => {
    expect(detectDoxxing('ИИН 850712400122').map((s) => s.detail)).toEqual(['What looks like a Kazakhstan IIN: ••••••••0122.']);
    expect(detectDoxxing('FIN: 5ZK8T2R').map((s) => s.detail)).toEqual(['What looks like an Azerbaijan FIN code: •••••2R.']);
  });

  it.each([
    ['a 12-digit number that is not an IIN (bad date)', 'Order number 123456789012 was shipped.'],
    ['a 12-digit number with a wrong IIN check digit and no label', 'Reference 850712400123 in the spreadsheet'],
    ['an 11-digit number without a Georgian label', 'Tracking 01024054321'],
    ['"FIN" not followed by a code', 'FIN: FINANCE department'],
    ['a 7-character code without a FIN label', 'Promo code 5ZK8T2R'],
    ['a 13-digit number without a CNIC label', 'Invoice 3520212345671'],
    ['an 18-digit number that fails the Chinese check digit', '编号 110105194912310021'],
  ])('not %s', (_label, text) => {
    expect(codes(text)).toEqual([]);
  });

  it('validates the embedded dates and check digits', () => {
    expect(isKazakhIin('850712400122')).toBe(true);
    expect(isKazakhIin('850712400123')).toBe(false);
    expect(isKazakhIin('851312400122')).toBe(false);
    expect(isUzbekPinfl('31505850210034')).toBe(true);
    expect(isUzbekPinfl('31513850210034')).toBe(false);
    expect(isKyrgyzPin('21505199000123')).toBe(true);
    expect(isChinaId('11010519491231002X')).toBe(true);
    expect(isChinaId('110105194912310021')).toBe(false);
  });
});

describe('detectDoxxing: street addresses', () => {
  it.each([
    ['Russian: ул., д., кв.', 'Она живёт по адресу: г. Алматы, ул. Абая, д. 15, кв. 42. Приходите.', 'Russian-style street'],
    ['Russian: проспект', 'Её офис на проспекте Достык 123, третий этаж', 'Russian-style street'],
    ['Russian: улица without д.', 'Живёт на улице Навои 12', 'Russian-style street'],
    ['Russian: мкр. with a name', 'мкр. Самал-2, д. 58, кв. 7', 'microdistrict'],
    ['Russian: мкр. with a number', 'Адрес: мкр 5, дом 12', 'microdistrict'],
    ['Russian: house and flat only', 'дом 7, квартира 19 — там она и живёт', 'house and flat'],
    ['Russian: street name, house and flat', 'Она живёт на Абая 15, квартира 3', 'house and flat'],
    ['Russian: a house with a letter', 'ул. Толе би 59а, кв 3', 'Russian-style street'],
    ['Kazakh', 'Мекенжайы: Абай көшесі, 150', 'Kazakh- or Uzbek-style'],
    ['Uzbek', "Manzil: Amir Temur ko'chasi 15", 'Kazakh- or Uzbek-style'],
    ['Uzbek block and house', 'Chilonzor tumani, 9-kvartal, 12-uy, 34-xonadon', 'Uzbek-style block'],
    ['English: number first', 'She lives at 42 Rustaveli Avenue, Tbilisi.', 'English-style'],
    ['English: number last', 'Her flat is on Dostyk Avenue 180, Almaty.', 'English-style'],
    ['English: with apartment', '15 Abay St., Apt 4', 'English-style'],
    ['Chinese', '她住在北京市朝阳区建国路88号。', 'Chinese-style'],
    ['Chinese with building and room', '地址：乌鲁木齐市天山区解放南路12号3号楼2单元501室', 'Chinese-style'],
  ])('%s', (_label, text, kind) => {
    const signals = detectDoxxing(text);
    expect(signals.map((s) => s.code)).toEqual(['street-address']);
    expect(signals[0].detail).toContain(kind);
  });

  it('does not take the next word for a house letter', () => {
    expect(detectDoxxing('Приём по адресу ул. Ленина 5 с 9 до 18.').map((s) => s.detail)).toEqual([
      'A street address (Russian-style street and house number): ••. •••••а 5.',
    ]);
  });

  it('masks the address except its last characters', () => {
    expect(detectDoxxing('ул. Абая, д. 15, кв. 42').map((s) => s.detail)).toEqual([
      'A street address (Russian-style street and house number): ••. ••••, •. ••, кв. 42.',
    ]);
  });
});

describe('detectDoxxing: ordinary text stays quiet', () => {
  it.each([
    ['years and counts', 'In 2023 we trained 15000 women in 12 cities, and 2024 will be bigger.'],
    ['years and counts, Russian', 'В 2023 году мы обучили 15000 женщин в 12 городах Казахстана.'],
    ['amounts with thousands separators', 'Бюджет проекта — 1 500 000 тенге, грант до 15 000 000 сум, итого 95 000 000 сум.'],
    ['large amounts with a phone-like length', 'Фонд выделил 900 000 000 сум и 250 000 000 тенге на 300 проектов.'],
    ['prices', 'Tickets cost $1,250.00 or 650 000 ₸; the early-bird price is 12 500 KZT.'],
    ['ISBN and similar', 'See "Women in Business" (ISBN 978-5-389-01234-5) and ISBN 5-389-01234-5.'],
    ['dates and times', 'Встреча 12.03.2024 в 18:00, дедлайн 2024-11-05, отчёт за 05.2024; 2019–2023 и 2019-2023.'],
    ['links with digits', 'https://example.kz/news/87011234567 and www.site.uz/post?id=998901234567 and wa.me/77011234567'],
    ['email addresses with digits', 'Write to aigul.87011234567@mail.kz'],
    ['population figures', 'Kazakhstan has about 20 000 000 people and Uzbekistan 37 000 000 people.'],
    ['a year range with a phone-like layout', 'Программа 2021 2022 2023 годов'],
    ['a street name without a house number', 'на улице было холодно, а в мкр. Аксай нет света; we walked down Abay Avenue.'],
    ['a microdistrict whose name ends in a number', 'Живу в мкр Аксай 4 уже десять лет.'],
    ['street food and road trips', 'The 10 Best Street Food spots and a 3 Day Road Trip plan.'],
    ['a year before a street name', 'In 2023 Main Street businesses run by women doubled.'],
    ['a distance after a street', 'От улицы Абая 5 минут пешком.'],
    ['Chinese prose with 路 and numbers', '一路上我们培训了3000名女性，坐地铁2号线就能到。'],
    ['square metres', 'Офис 120 кв. м, дом 1990 года постройки.'],
    ['percentages and ratios', 'Women own 34.5% of SMEs; 1 in 3 start-ups; growth of 12-15% a year.'],
    ['a bank IBAN', 'Реквизиты фонда: KZ86125KZT5004100100'],
    ['a price next to the word "hotel"', 'The hotel bill came to 555 123 456 for the whole group.'],
    ['a toll-free line', 'Горячая линия 8 800 080 7777 и +7 800 080 7777'],
  ])('%s', (_label, text) => {
    expect(detectDoxxing(text)).toEqual([]);
  });

  it('a realistic blog paragraph with numbers and no personal data', () => {
    const text = [
      '## How we grew',
      'Since 2019 our cooperative in Shymkent has grown from 5 to 120 members. In 2023 we sold 3 500 kg of dried apricots',
      'for 18 750 000 tenge, and the 2024 season looks better still: orders of 40 000 USD from Almaty and Tashkent.',
      'Our next training is on 14.09.2024 at 10:00 in the Akimat building (room 305). Registration: https://forms.gle/X7k29',
      'Спасибо всем 250 участницам! 感谢所有参加培训的2500名女性。',
    ].join('\n');
    expect(detectDoxxing(text)).toEqual([]);
  });
});

describe('maskValue', () => {
  it('keeps four characters of long values and two of short ones', () => {
    expect(maskValue('+998 90 123 45 67')).toBe('+••• •• ••• 45 67');
    expect(maskValue('5ZK8T2R')).toBe('•••••2R');
    expect(maskValue('11010519491231002X')).toBe('••••••••••••••002X');
  });
});
