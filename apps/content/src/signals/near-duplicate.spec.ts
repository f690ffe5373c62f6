// Unit tests for MinHash near-duplicate detection: light edits match, different posts on the same topic
// do not, CJK text is shingled by characters, short texts never match, and signatures are fast and stable.
import { MinHasher, NEAR_DUPLICATE_THRESHOLD, nearDuplicateSignal } from './near-duplicate';

const ORIGINAL = `# From the kitchen table to the bazaar: women building businesses in Kazakhstan

When Aigerim Nurlanovna started baking baursaks in her kitchen in Shymkent, she had no business plan, no bank account in her own name and no idea that five years later she would employ eleven women from her neighbourhood. Her story is not unusual any more. Across Kazakhstan, women now run roughly a quarter of small and medium enterprises, and the number grows every year.

The biggest obstacle is still money. Banks ask for collateral that most women do not have, because land and houses are usually registered to husbands or fathers. Microfinance helps, but the interest rates are high and the loans are small. Several programmes supported by development banks now offer guarantees instead of collateral, and the women we spoke to said this changed everything.

The second obstacle is time. Women in rural districts spend hours every day on unpaid care work, and a business has to fit around school runs, cooking and looking after elderly relatives. Online sales have made a real difference here: a seller in Taraz can take orders on her phone in the evening and deliver the next morning.

Training matters too, but only when it is practical. The women who grew fastest had learned bookkeeping, pricing and how to register with the tax office, not abstract theory. Mentors who had built businesses themselves were valued far more than lecturers.

What would help most now? Simpler registration, guarantee funds that reach small towns, and childcare that women can afford. With those in place, the next five years could look very different.`;

/** The same post lightly edited: a few words changed and two paragraphs swapped. */
const EDITED = `# From the kitchen table to the bazaar: women building businesses in Kazakhstan

When Aigerim Nurlanovna started baking baursaks at home in Shymkent, she had no business plan, no bank account in her own name and no idea that five years later she would employ twelve women from her neighbourhood. Her story is not unusual any more. Across Kazakhstan, women now run roughly a quarter of small and medium enterprises, and the number grows every year.

The second obstacle is time. Women in rural districts spend hours every day on unpaid care work, and a business has to fit around school runs, cooking and looking after elderly relatives. Online sales have made a huge difference here: a seller in Taraz can take orders on her phone in the evening and deliver the next morning.

The biggest obstacle is still money. Banks ask for collateral that most women do not have, because land and houses are usually registered to husbands or fathers. Microfinance helps, but the interest rates are high and the loans are small. Several programmes supported by development banks now offer guarantees instead of collateral, and the women we interviewed said this changed everything.

Training matters too, but only when it is practical. The women who grew fastest had learned bookkeeping, pricing and how to register with the tax office, not abstract theory. Mentors who had built businesses themselves were valued much more than lecturers.

What would help most now? Simpler registration, guarantee funds that reach small towns, and childcare that women can afford. With those in place, the coming five years could look very different.`;

/** A different post on the same topic, written independently. */
const SAME_TOPIC = `Women entrepreneurs in Kazakhstan: what the numbers say and what they miss

Official statistics show steady growth in the share of firms led by women in Kazakhstan, especially in trade, services and food production. Almaty and Astana account for most of them, but the fastest growth over the last three years has been in the regions, from Turkestan to Pavlodar.

Access to finance remains the main complaint. Female founders are less likely to own property that a lender will accept as security, so they borrow less and pay more. State programmes such as concessional credit lines and loan guarantees exist, yet many entrepreneurs outside the big cities have never heard of them or find the paperwork discouraging.

Digital tools are changing the picture. Instagram shops, Kaspi payments and delivery services let a craftswoman in a village reach buyers across the country without renting a shop. The women interviewed for this article said that learning to photograph products and answer customers quickly mattered as much as any formal course.

Networks are the missing piece. Business associations are still dominated by men, and many women said they lacked someone to ask for advice when things went wrong. Peer groups and mentoring circles, some of them run entirely online, are starting to fill that gap.`;

const CHINESE_ORIGINAL = `新疆妇女创业故事：从家庭作坊到网上店铺。阿依古丽在喀什老城经营一家手工艺品作坊已经五年了。最初她只是在家里缝制传统花帽，卖给邻居和游客。后来，她参加了当地妇联组织的电子商务培训，学会了拍摄商品照片、撰写商品介绍和处理网上订单。现在，她的网店每个月能卖出三百多顶花帽，还雇用了八名附近的妇女。她说，最大的困难是资金不足，银行贷款需要抵押，而她名下没有房产。小额贷款帮助她购买了第一批缝纫机，但是利息比较高。她希望政府能提供更多的担保贷款，让更多农村妇女能够开始自己的事业。她还说，培训一定要实用，要教会大家怎么定价、怎么记账、怎么和顾客沟通。`;

const CHINESE_EDITED = `新疆妇女创业故事：从家庭作坊到网上店铺。阿依古丽在喀什老城经营一家手工艺品作坊已经六年了。最初她只是在家里缝制传统花帽，卖给邻居和游客。她说，最大的困难是资金不足，银行贷款需要抵押，而她名下没有房产。小额贷款帮助她购买了第一批缝纫机，但是利息比较高。后来，她参加了当地妇联组织的电子商务培训，学会了拍摄商品照片、撰写商品介绍和处理网上订单。现在，她的网店每个月能卖出四百多顶花帽，还雇用了十名附近的妇女。她希望政府能提供更多的担保贷款，让更多农村妇女能够开始自己的事业。她还说，培训一定要实用，要教会大家怎么定价、怎么记账、怎么和顾客沟通。`;

const CHINESE_SAME_TOPIC = `近年来，越来越多的新疆农村妇女通过电商平台走上了创业之路。据统计，全区女性经营的网店数量在三年内增长了一倍以上，主要销售干果、手工地毯和民族服饰。专家认为，物流条件的改善和移动支付的普及是重要原因。不过，许多女性创业者仍然面临缺少启动资金、不熟悉平台规则以及家庭照料负担重等问题。一些地方政府开始设立创业孵化中心，为妇女提供免费场地、法律咨询和一对一指导。参加过孵化项目的创业者表示，最有帮助的是和其他女性创业者交流经验，互相介绍客户和供应商。`;

const sharesBand = (hasher: MinHasher, a: number[], b: number[]) => {
  const keys = new Set(hasher.bandKeys(a));
  return hasher.bandKeys(b).some((key) => keys.has(key));
};

describe('MinHasher', () => {
  const hasher = new MinHasher();

  it('scores a lightly edited post (words changed, paragraphs swapped) high, and they share a band', () => {
    const a = hasher.signature(ORIGINAL);
    const b = hasher.signature(EDITED);
    const similarity = MinHasher.similarity(a, b);
    expect(similarity).toBeGreaterThanOrEqual(0.6);
    expect(similarity).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD);
    expect(sharesBand(hasher, a, b)).toBe(true);
  });

  it('scores two different posts on the same topic low, and they share no band', () => {
    const a = hasher.signature(ORIGINAL);
    const b = hasher.signature(SAME_TOPIC);
    expect(MinHasher.similarity(a, b)).toBeLessThan(0.3);
    expect(sharesBand(hasher, a, b)).toBe(false);
  });

  it('shingles Chinese by characters: an edited copy matches, a different post does not', () => {
    const original = hasher.signature(CHINESE_ORIGINAL);
    const edited = hasher.signature(CHINESE_EDITED);
    const other = hasher.signature(CHINESE_SAME_TOPIC);
    expect(original).toHaveLength(128);
    expect(MinHasher.similarity(original, edited)).toBeGreaterThanOrEqual(0.6);
    expect(sharesBand(hasher, original, edited)).toBe(true);
    expect(MinHasher.similarity(original, other)).toBeLessThan(0.3);
    expect(sharesBand(hasher, original, other)).toBe(false);
  });

  it('ignores Markdown, case, full-width forms and spacing', () => {
    const plain = hasher.signature(ORIGINAL);
    const restyled = hasher.signature(
      ORIGINAL.replace(/^# /m, '## ')
        .replace('The biggest obstacle is still money.', '**THE BIGGEST OBSTACLE IS STILL MONEY!**')
        .replace(/\n\n/g, '\n\n\n   ')
        .replace('Shymkent', 'Ｓｈｙｍｋｅｎｔ'),
    );
    expect(MinHasher.similarity(plain, restyled)).toBe(1);
  });

  it('returns an empty signature for texts too short to judge, and those never match', () => {
    const short = 'Great post, thank you! I will share it with the women in our cooperative.';
    expect(hasher.signature(short)).toEqual([]);
    expect(hasher.signature('谢谢分享，写得很好！')).toEqual([]);
    expect(hasher.signature('')).toEqual([]);
    expect(MinHasher.similarity(hasher.signature(short), hasher.signature(short))).toBe(0);
    expect(hasher.bandKeys([])).toEqual([]);
  });

  it('makes 32 band keys of 4 rows, in the form b<band>:<8 hex digits>', () => {
    const keys = hasher.bandKeys(hasher.signature(ORIGINAL));
    expect(keys).toHaveLength(32);
    keys.forEach((key, band) => expect(key).toMatch(new RegExp(`^b${band}:[0-9a-f]{8}$`)));
  });

  it('is deterministic for a seed, and different seeds give incomparable signatures', () => {
    const a = new MinHasher({ seed: 7 }).signature(ORIGINAL);
    expect(new MinHasher({ seed: 7 }).signature(ORIGINAL)).toEqual(a);
    expect(new MinHasher().signature(ORIGINAL)).toEqual(hasher.signature(ORIGINAL));
    expect(new MinHasher({ seed: 8 }).signature(ORIGINAL)).not.toEqual(a);
    expect(a.every((v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff)).toBe(true);
  });

  it('honours the permutation count and shingle size', () => {
    const small = new MinHasher({ permutations: 64, shingleSize: 3 });
    const signature = small.signature(ORIGINAL);
    expect(signature).toHaveLength(64);
    expect(small.bandKeys(signature)).toHaveLength(16);
    expect(() => new MinHasher({ permutations: 2 })).toThrow(RangeError);
    expect(() => new MinHasher({ shingleSize: 0 })).toThrow(RangeError);
  });
});

describe('nearDuplicateSignal', () => {
  it('names the matching item and the share of text that matches', () => {
    expect(nearDuplicateSignal(0.8359, { id: 'a1b2c3', title: 'Women building businesses in Kazakhstan' })).toEqual({
      detector: 'near-duplicate',
      code: 'near-duplicate',
      detail: 'About 84% of this text matches "Women building businesses in Kazakhstan" (a1b2c3), posted by someone else.',
    });
  });
});
