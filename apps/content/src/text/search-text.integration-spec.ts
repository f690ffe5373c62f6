// Checks indexableText and searchQuery against a real PostgreSQL 'russian' text search configuration.
import { Client } from 'pg';
import { indexableText, searchQuery } from './search-text';

describe('search text in PostgreSQL (russian config)', () => {
  const client = new Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/test' });

  beforeAll(async () => {
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
  });

  /** Whether the text, indexed the way the service indexes it, is found by what a person typed. */
  async function finds(text: string, typed: string): Promise<boolean> {
    const query = searchQuery(typed);
    if (query === null) throw new Error(`nothing searchable in ${JSON.stringify(typed)}`);
    const { rows } = await client.query<{ found: boolean }>(
      "select to_tsvector('russian', $1) @@ websearch_to_tsquery('russian', $2) as found",
      [indexableText(text), query],
    );
    return rows[0].found;
  }

  it('stems Cyrillic with the Russian stemmer and ASCII words with the English one', async () => {
    const { rows } = await client.query<{ vector: string }>("select to_tsvector('russian', $1)::text as vector", [
      'Женщины работают and women are working',
    ]);
    expect(rows[0].vector).toBe("'women':4 'work':6 'женщин':1 'работа':2");
  });

  it.each([
    ['Гранты женщинам из сельских районов', 'женщина'],
    ['Развитие предпринимательства в Казахстане', 'предпринимательство'],
    ['Женщины работают вместе', 'работать'],
    ['Работа для женщин', 'работы'],
    ['We work with local partners', 'working'],
    ['Women entrepreneurs', 'women entrepreneur'],
    ['保障妇女权益的法律', '妇女权益'],
    ['保障妇女权益的法律', '妇女'],
    ['保障妇女权益的法律', '法律'],
    ['WEOP平台上线了', 'WEOP平台'],
    ['Закон 保障妇女权益 принят', 'закон 妇女权益'],
    ['日本語のテキストです', 'テキスト'],
    ['한국어 여성 권리', '여성'],
    ['Платформа ЁЛКА', 'елка'],
  ])('%j is found by %j', async (text, typed) => {
    await expect(finds(text, typed)).resolves.toBe(true);
  });

  it.each([
    ['Гранты женщинам из сельских районов', 'мужчина'],
    ['We work with local partners', 'children'],
    ['保障妇女权益的法律', '儿童'],
    // A CJK query is a phrase of its bigrams: the word must appear whole, not just its characters somewhere.
    ['妇女的权益', '妇女权益'],
    ['权益妇女', '妇女权益'],
    // The excluded word is there.
    ['保障妇女权益的法律', '妇女权益 -法律'],
  ])('%j is not found by %j', async (text, typed) => {
    await expect(finds(text, typed)).resolves.toBe(false);
  });

  it('shows why the bigrams are needed: without them a Chinese word inside a run is not found', async () => {
    const { rows } = await client.query<{ found: boolean }>(
      "select to_tsvector('russian', $1) @@ websearch_to_tsquery('russian', $2) as found",
      ['保障妇女权益的法律', '妇女权益'],
    );
    expect(rows[0].found).toBe(false);
  });

  it('keeps websearch phrases, exclusion and or working', async () => {
    await expect(finds('support for women entrepreneurs', '"women entrepreneurs"')).resolves.toBe(true);
    await expect(finds('entrepreneurs support women', '"women entrepreneurs"')).resolves.toBe(false);
    await expect(finds('women and children', 'women -children')).resolves.toBe(false);
    await expect(finds('women and men', 'women -children')).resolves.toBe(true);
    await expect(finds('Женщины в бизнесе', 'детей or бизнес')).resolves.toBe(true);
    await expect(finds('保障妇女权益的法律', '儿童 or 妇女权益')).resolves.toBe(true);
    await expect(finds('保障妇女权益的法律', '法律 -妇女权益')).resolves.toBe(false);
    await expect(finds('保障儿童权益的法律', '法律 -妇女权益')).resolves.toBe(true);
  });

  it('never makes websearch_to_tsquery fail, whatever is typed', async () => {
    const typed = [
      "a & b | !c <-> d:* ( ) ' \\ :: ;",
      '"unclosed 妇女权益',
      '--women or',
      '-"" or -',
      'wo\u0000men\ud800 \u0007',
      '妇女\u200b权益',
      '𠀀𠀁𠀂 ',
      "O'Reilly's women-led co-ops",
      'x'.repeat(1000),
    ];
    for (const q of typed) {
      const query = searchQuery(q);
      if (query === null) continue;
      await expect(
        client.query("select to_tsvector('russian', $1) @@ websearch_to_tsquery('russian', $2)", [indexableText(q), query]),
      ).resolves.toBeDefined();
    }
  });
});
