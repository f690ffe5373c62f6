// Unit tests for search text preparation: CJK bigrams, websearch query building, snippets and language guessing.
import { guessLanguage, indexableText, MAX_QUERY_LENGTH, searchQuery, snippet } from './search-text';

describe('indexableText', () => {
  it.each([
    ['保障妇女权益的法律', '保障 障妇 妇女 女权 权益 益的 的法 法律'],
    ['妇女', '妇女'],
    ['我 爱 你', '我 爱 你'],
    ['女', '女'],
    // Japanese kana (with the length mark ー) and Korean Hangul are split the same way.
    ['コーヒー', 'コー ーヒ ヒー'],
    ['한국어 여성', '한국 국어 여성'],
    // Characters outside the BMP (CJK Extension B) count as one character each.
    ['𠀀𠀁𠀂', '𠀀𠀁 𠀁𠀂'],
  ])('splits %s into bigrams', (text, expected) => {
    expect(indexableText(text)).toBe(expected);
  });

  it('separates a CJK run from letters and digits glued to it, which PostgreSQL would read as one token', () => {
    expect(indexableText('WEOP平台上线')).toBe('WEOP 平台 台上 上线');
    expect(indexableText('2024年妇女')).toBe('2024 年妇 妇女');
    expect(indexableText('a平b')).toBe('a 平 b');
  });

  it('leaves punctuation between runs alone (PostgreSQL splits there anyway)', () => {
    expect(indexableText('妇女，权益。')).toBe('妇女，权益。');
  });

  it('leaves text without CJK unchanged', () => {
    const text = 'Женщины работают and women are working — Қазақстан, ქალები, خواتین, Oʻzbekiston!\n  2024';
    expect(indexableText(text)).toBe(text);
  });

  it('drops U+0000, which PostgreSQL text cannot hold', () => {
    expect(indexableText('wo\u0000men')).toBe('women');
  });

  it('handles mixed text', () => {
    expect(indexableText('Закон 保障妇女 law')).toBe('Закон 保障 障妇 妇女 law');
  });
});

describe('searchQuery', () => {
  it.each([
    ['women', 'women'],
    ['  Женщины   предприниматели ', 'Женщины предприниматели'],
    // A CJK run must appear whole: its bigrams become a phrase.
    ['妇女权益', '"妇女 女权 权益"'],
    ['妇女', '妇女'],
    ['女', '女'],
    ['WEOP平台', '"WEOP 平台"'],
    // websearch syntax keeps working around and with CJK words.
    ['"женщины в бизнесе" -насилие or кредит', '"женщины в бизнесе" -насилие or кредит'],
    ['-妇女权益 法律', '-"妇女 女权 权益" 法律'],
    ['"妇女权益 law"', '"妇女 女权 权益 law"'],
    ['妇女权益 or 儿童', '"妇女 女权 权益" or 儿童'],
    ['women OR men', 'women or men'],
    // Quotes people type on Russian and Chinese keyboards mean the same as '"'.
    ['«женщины в бизнесе»', '"женщины в бизнесе"'],
    ['“妇女权益”', '"妇女 女权 权益"'],
    // An unclosed quote runs to the end, as websearch_to_tsquery reads it.
    ['"women in business', '"women in business"'],
    ['or women or', 'women'],
    ['women or or men', 'women or men'],
    ['- women', 'women'],
    ['e-mail', 'e-mail'],
  ])('%j → %j', (q, expected) => {
    expect(searchQuery(q)).toBe(expected);
  });

  it('removes control characters and treats line breaks and tabs as spaces', () => {
    expect(searchQuery('wo\u0000men\tin\nbusiness\u0007')).toBe('women in business');
  });

  it('removes lone surrogates, which PostgreSQL would reject', () => {
    expect(searchQuery('women\ud800 work')).toBe('women work');
  });

  it('drops words that are only punctuation and keeps the rest for websearch_to_tsquery to ignore', () => {
    expect(searchQuery('women & men | !!! ( ) ::')).toBe('women men');
  });

  it(`bounds the query to ${MAX_QUERY_LENGTH} characters, at a word boundary when there is one`, () => {
    const words = searchQuery('женщины '.repeat(100)) ?? '';
    expect(Array.from(words).length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    expect(words.split(' ').every((word) => word === 'женщины')).toBe(true);

    const oneWord = searchQuery('x'.repeat(500)) ?? '';
    expect(oneWord).toBe('x'.repeat(MAX_QUERY_LENGTH));
  });

  it('bounds by code points, never splitting a surrogate pair', () => {
    const result = searchQuery('𠀀'.repeat(300)) ?? '';
    expect(result).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it.each(['', '   ', '!!!', '""', '-', 'or', 'OR or', '\u0000\u0001', '-women', '-"妇女权益" -men'])(
    'returns null when nothing searchable remains: %j',
    (q) => {
      expect(searchQuery(q)).toBeNull();
    },
  );
});

describe('snippet', () => {
  const filler = (sentence: string, times: number) => Array.from({ length: times }, () => sentence).join(' ');
  const english =
    `${filler('Lorem ipsum dolor sit amet, consectetur adipiscing elit.', 5)} ` +
    'Women are working together in the cooperative to build better lives. ' +
    filler('Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.', 5);
  const russian =
    `${filler('В регионе проводятся тренинги по финансовой грамотности для всех жителей.', 4)} ` +
    'Гранты выдаются женщинам, которые открывают своё дело. ' +
    filler('Программа продлится до конца года и охватит десять областей страны.', 4);
  const chinese =
    `${'本报告介绍了中亚区域经济合作的总体情况和主要成果。'.repeat(5)}各国正在完善保障妇女权益的法律和政策。` +
    '合作伙伴将继续支持区域内的基础设施建设。'.repeat(5);

  /** The excerpt, without its ellipses, must be a piece of the text: nothing added, nothing rewritten. */
  function expectExcerptOf(text: string, excerpt: string, length = 160): void {
    expect(Array.from(excerpt).length).toBeLessThanOrEqual(length);
    expect(text).toContain(excerpt.replace(/^…/, '').replace(/…$/, ''));
  }

  it('returns short text whole', () => {
    expect(snippet('Short text about women.', 'women')).toBe('Short text about women.');
  });

  it('collapses whitespace', () => {
    expect(snippet('  a \n\n b\t c ', 'b')).toBe('a b c');
  });

  it('centres on an English word found by a shared stem (work → working), cut at spaces with "…"', () => {
    const excerpt = snippet(english, 'work');
    expect(excerpt).toContain('Women are working together');
    expect(excerpt.startsWith('…')).toBe(true);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt).toMatch(/^… ?[A-Za-z]/);
    expectExcerptOf(english, excerpt);
  });

  it('finds an inflected Russian word (женщина → женщинам)', () => {
    const excerpt = snippet(russian, 'женщина');
    expect(excerpt).toContain('Гранты выдаются женщинам');
    expectExcerptOf(russian, excerpt);
  });

  it('does not take a short shared beginning for the same word (право is not правительство)', () => {
    const text = `${filler('Заседание правительства прошло во вторник.', 6)} Право на образование закреплено законом.`;
    expect(snippet(text, 'право')).toContain('Право на образование');
  });

  it('matches case-insensitively and folds ё to е', () => {
    const text = `${filler('Другие новости региона.', 8)} Её Работа важна. ${filler('Конец.', 10)}`;
    expect(snippet(text, 'РАБОТА')).toContain('Её Работа важна');
    expect(snippet(text, 'ее')).toContain('Её Работа важна');
  });

  it('finds a Chinese word inside a longer run, cutting anywhere since there are no spaces', () => {
    const excerpt = snippet(chinese, '妇女权益');
    expect(excerpt).toContain('保障妇女权益的法律');
    expect(Array.from(excerpt)).toHaveLength(160);
    expectExcerptOf(chinese, excerpt);
  });

  it('falls back to a bigram of a Chinese query that is not there whole', () => {
    expect(snippet(chinese, '妇女问题')).toContain('妇女');
  });

  it('ignores excluded words', () => {
    const text = `Lorem ${filler('children', 60)} and at the very end work.`;
    expect(snippet(text, '-children work')).toContain('end work.');
  });

  it('falls back to the start of the text when nothing matches', () => {
    const excerpt = snippet(english, 'nothing');
    expect(excerpt.startsWith('Lorem ipsum dolor')).toBe(true);
    expect(excerpt.endsWith('…')).toBe(true);
    expectExcerptOf(english, excerpt);
  });

  it('ends at the end of the text, without "…", when the match is near it', () => {
    const excerpt = snippet(english, 'aliqua');
    expect(excerpt).toContain('aliqua');
    expect(excerpt.startsWith('…')).toBe(true);
    // The first match of "aliqua" is early in the filler, so look for the last sentence instead.
    const last = snippet(`${english} Finally the end.`, 'finally');
    expect(last.endsWith('Finally the end.')).toBe(true);
  });

  it('honours the length, including the ellipses', () => {
    for (const length of [20, 50, 80]) {
      const excerpt = snippet(russian, 'женщина', length);
      expectExcerptOf(russian, excerpt, length);
    }
  });

  it('never splits a surrogate pair', () => {
    const text = '𠀀'.repeat(100) + '妇女' + '𠀀'.repeat(100);
    const excerpt = snippet(text, '妇女', 50);
    expect(excerpt).toContain('妇女');
    expect(excerpt).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    expect(Array.from(excerpt).length).toBeLessThanOrEqual(50);
  });

  it('passes text through as text: no markup added, none interpreted', () => {
    const text = `${filler('a <b>tag</b> & entity &amp;', 10)} women`;
    const excerpt = snippet(text, 'women', 60);
    expect(excerpt).toContain('&amp; women');
    expectExcerptOf(text, excerpt, 60);
  });
});

describe('guessLanguage', () => {
  it.each([
    ['保障妇女权益的法律', 'zh'],
    ['Женщины работают вместе', 'ru'],
    ['Әйелдер кәсіпкерлігі', 'kk'],
    ['Қазақстан', 'kk'],
    // ң without the Kazakh-only letters: Kyrgyz (Mongolian Cyrillic has no ң).
    ['Аялдардын үнү жаңы', 'ky'],
    // ө/ү alone could be Kyrgyz or Mongolian: the documented fallback is 'ru'.
    ['Эмэгтэйчүүдийн эрх', 'ru'],
    ['Бүгүн күн жакшы', 'ru'],
    // Tajik and Uzbek Cyrillic share ғ and қ with Kazakh but have letters of their own.
    ['Ҳуқуқҳои занон', 'tg'],
    ['Занони тоҷик', 'tg'],
    ['Ўзбекистон хотин-қизлари', 'uz'],
    ['ქალთა უფლებები', 'ka'],
    ['خواتین کے حقوق', 'ur'],
    ['د ښځو حقونه', 'ps'],
    ['Women at work', 'en'],
    ['Oʻzbekiston ayollari', 'uz'],
    ['O‘zbekiston xotin-qizlari', 'uz'],
    ["O'zbekiston ayollari o'qiydi", 'uz'],
    ["We meet at five o'clock", 'en'],
    ['Qadınların hüquqları və imkanları', 'az'],
    ['Türkmenistanyň zenanlary', 'tk'],
    ['コーヒーを飲みます', 'ja'],
    ['日本語のテキスト', 'ja'],
    ['여성의 권리', 'ko'],
    ['', 'und'],
    ['12345 — !!!', 'und'],
  ])('%s → %s', (text, expected) => {
    expect(guessLanguage(text)).toBe(expected);
  });

  it('goes by the script most letters are in', () => {
    expect(guessLanguage('Платформа WEOP помогает женщинам в регионе CAREC')).toBe('ru');
    expect(guessLanguage('The WEOP platform (платформа) supports women entrepreneurs across the region')).toBe('en');
  });

  it('is not swayed by one name with telling letters in a long text', () => {
    const russian =
      'Президент Касым-Жомарт Токаев (Қасым-Жомарт Тоқаев) встретился с предпринимательницами региона. ' +
      'Участницы рассказали о трудностях с кредитами и о том, как программа помогает им расширять дело. '.repeat(3);
    expect(guessLanguage(russian)).toBe('ru');
    const kazakh = 'Елімізде әйелдер кәсіпкерлігін қолдау бағдарламасы іске қосылды. Бұл бағдарлама ауылдағы әйелдерге арналған. ';
    expect(guessLanguage(kazakh.repeat(5))).toBe('kk');
    expect(guessLanguage(`${'Women entrepreneurs across the region met in Tashkent to share experience. '.repeat(4)}Oʻzbekiston`)).toBe('en');
  });

  it('does not let addresses outvote the prose', () => {
    expect(guessLanguage('См. https://example.com/a/very/long/english/path/here и info@example.org')).toBe('ru');
  });
});
