/*
 * bench/search-corpus.js — the generated content and queries bench/search.js measures search with.
 *
 * Everything is drawn from one seeded generator, so every run indexes the same items and asks the same
 * queries. Each language has a vocabulary of a few thousand "lemmas" ranked by frequency, drawn with a
 * Zipf-like law (p ∝ 1/rank^1.05), as word frequencies in real text are:
 *
 *   - at the top, the language's function words (most are stop words the stemmer drops);
 *   - then real words of what WEOP is about (women, entrepreneurship, leadership, education, health, law,
 *     finance, jobs, …: ~280 English, ~200 Chinese, 150 Russian lemmas with ~9 forms each, ~75 Kazakh and
 *     Uzbek stems with their suffixes), spread over ranks ~20–750, so the most frequent are in nearly half of a
 *     language's texts and the least in a few hundred;
 *   - the rest are made-up words built from the language's syllables, down to a long tail of rare ones.
 *
 * Russian, Kazakh and Uzbek lemmas come with their inflected forms (cases, plural), and a text uses any
 * form, so search has to match "женщинам" against "женщины" as it would on real text. Chinese is written
 * without spaces, with commas and full stops, like the real thing; the platform indexes it as bigrams.
 */
'use strict';

// ─── randomness ───────────────────────────────────────────────────────────────────────────────

/** mulberry32: small, fast and good enough for test data; the same seed gives the same stream. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (min, max) => min + Math.floor(next() * (max - min + 1)); // inclusive
  next.pick = (list) => list[Math.floor(next() * list.length)];
  next.chance = (p) => next() < p;
  /** An index drawn with the given weights (an array of numbers). */
  next.weighted = (weights) => {
    let total = 0;
    for (const w of weights) total += w;
    let u = next() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) return i;
    }
    return weights.length - 1;
  };
  next.uuid = () => {
    const hex = [];
    for (let i = 0; i < 16; i++) hex.push(Math.floor(next() * 256));
    hex[6] = (hex[6] & 0x0f) | 0x40; // version 4, as crypto.randomUUID() makes them
    hex[8] = (hex[8] & 0x3f) | 0x80;
    const h = hex.map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  return next;
}

/** Draws ranks 0..n-1 with p ∝ 1/(rank+1)^s, by binary search in the cumulative weights. */
function zipf(n, s = 1.05) {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) {
    total += 1 / (r + 1) ** s;
    cumulative[r] = total;
  }
  return (random) => {
    const u = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

// ─── real words per language ──────────────────────────────────────────────────────────────────

const words = (text) => text.trim().split(/\s+/);

const ENGLISH_FUNCTION = words(`the of and to in a for is on that with as by are at from this be it or an will
  their have we our has was can more who which not they all also new its these through about how`);
const ENGLISH_TOPIC = words(`women woman girls entrepreneurship entrepreneur entrepreneurs leadership leader leaders
  education training health healthcare law legal rights equality gender business businesses finance financial
  microfinance loan loans credit bank banking startup startups export exports trade market markets agriculture
  farmers farming rural village community communities cooperative cooperatives employment jobs job career careers
  skills digital technology innovation internet mobile mentoring mentor mentorship network networking program
  programme project projects policy policies government ministry regional cooperation corridor transport logistics
  energy water climate environment tourism textile crafts handicraft carpet silk cotton dairy fruit apricot economy
  economic growth development investment investors fund grant grants scholarship university school teacher teachers
  students research study survey report data statistics violence domestic protection safety justice court property
  land inheritance marriage family children childcare maternity leave pension salary wage wages income poverty
  inclusion empowerment participation parliament election representation conference workshop webinar forum award
  competition festival seminar course certificate application deadline vacancy position manager coordinator officer
  specialist consultant accountant engineer doctor nurse lawyer journalist media communication marketing sales
  ecommerce online platform services customers quality standards certification food hygiene nutrition pregnancy
  mental wellbeing disability migration migrants remittances border customs visa experience opportunity
  opportunities support association union organization organizations members volunteer volunteers partnership
  partners strategy plan planning budget accounting tax taxes reform reforms access barriers challenges solutions
  success stories story interview experts expert panel discussion dialogue workplace harassment discrimination
  maternal infant vaccination clinic hospital medicine insurance savings household households kindergarten literacy
  scholarships vocational apprenticeship internship internships recruitment hiring salary negotiation contract
  freelance remote teamwork productivity exporters suppliers supply chain value chains processing packaging branding
  design fashion weaving embroidery pottery bakery restaurant hotel guesthouse homestay ecotourism solar renewable
  irrigation livestock sheep wool honey greenhouse orchard harvest`);

const RUSSIAN_FUNCTION = words(`и в на с по для не что это как из к о от за а также их мы наш все при или до у так
  же но был была будет было`);

/**
 * Russian lemmas and how they decline. Classes: f-a (-а), f-ya (-ия), f-ost (-ость), f-soft (-ь), m (hard
 * consonant), m-soft (-ь), n-ie (-ие), n-o (-о), adj (-ый), adj-oj (-ой), adj-skij (-ский); `gen` is the
 * genitive plural where it is not regular; `forms` lists irregular words in full.
 */
const RUSSIAN_TOPIC = [
  ['женщин', 'f-a', { gen: 'женщин' }], ['девушк', 'f-a', { gen: 'девушек' }], ['предпринимательств', 'n-o'], ['предпринимател', 'm-soft'],
  ['лидерств', 'n-o'], ['лидер', 'm'], ['образовани', 'n-ie'], ['прав', 'n-o'], ['закон', 'm'], ['бизнес', 'm'], ['кредит', 'm'],
  ['банк', 'm'], ['экспорт', 'm'], ['работ', 'f-a', { gen: 'работ' }], ['ваканси', 'f-ya'], ['программ', 'f-a', { gen: 'программ' }],
  ['проект', 'm'], ['обучени', 'n-ie'], ['развити', 'n-ie'], ['равенств', 'n-o'], ['здравоохранени', 'n-ie'], ['медицин', 'f-a', { gen: 'медицин' }],
  ['врач', 'm'], ['учител', 'm-soft'], ['школ', 'f-a', { gen: 'школ' }], ['университет', 'm'], ['студентк', 'f-a', { gen: 'студенток' }],
  ['грант', 'm'], ['стипенди', 'f-ya'], ['конференци', 'f-ya'], ['семинар', 'm'], ['тренинг', 'm'], ['форум', 'm'], ['конкурс', 'm'],
  ['преми', 'f-ya'], ['хозяйств', 'n-o'], ['фермер', 'm'], ['кооператив', 'm'], ['туризм', 'm'], ['экономик', 'f-a', { gen: 'экономик' }],
  ['технологи', 'f-ya'], ['инноваци', 'f-ya'], ['интернет', 'm'], ['наставничеств', 'n-o'], ['наставник', 'm'], ['сет', 'f-soft'],
  ['политик', 'f-a', { gen: 'политик' }], ['правительств', 'n-o'], ['министерств', 'n-o'], ['регион', 'm'], ['сотрудничеств', 'n-o'],
  ['транспорт', 'm'], ['энергетик', 'f-a', { gen: 'энергетик' }], ['климат', 'm'], ['насили', 'n-ie'], ['защит', 'f-a', { gen: 'защит' }],
  ['безопасн', 'f-ost'], ['справедлив', 'f-ost'], ['суд', 'm'], ['собственн', 'f-ost'], ['наследств', 'n-o'], ['пенси', 'f-ya'],
  ['зарплат', 'f-a', { gen: 'зарплат' }], ['доход', 'm'], ['бедн', 'f-ost'], ['инклюзи', 'f-ya'], ['возможн', 'f-ost'], ['участи', 'n-ie'],
  ['парламент', 'm'], ['мигрант', 'm'], ['миграци', 'f-ya'], ['границ', 'f-a', { gen: 'границ' }], ['инвестици', 'f-ya'], ['инвестор', 'm'],
  ['фонд', 'm'], ['поддержк', 'f-a', { gen: 'поддержек' }], ['услуг', 'f-a', { gen: 'услуг' }], ['клиент', 'm'], ['качеств', 'n-o'],
  ['стандарт', 'm'], ['сертификаци', 'f-ya'], ['питани', 'n-ie'], ['беременн', 'f-ost'], ['материнств', 'n-o'], ['инвалидн', 'f-ost'],
  ['руководител', 'm-soft'], ['менеджер', 'm'], ['бухгалтер', 'm'], ['юрист', 'm'], ['журналист', 'm'], ['специалист', 'm'],
  ['координатор', 'm'], ['опыт', 'm'], ['навык', 'm'], ['карьер', 'f-a', { gen: 'карьер' }], ['занятост', 'f-soft'], ['трудоустройств', 'n-o'],
  ['агробизнес', 'm'], ['стартап', 'm'], ['микрофинансировани', 'n-ie'], ['лизинг', 'm'], ['налог', 'm'], ['реформ', 'f-a', { gen: 'реформ' }],
  ['исследовани', 'n-ie'], ['отчет', 'm'], ['статистик', 'f-a', { gen: 'статистик' }], ['опрос', 'm'], ['ремесленниц', 'f-a', { gen: 'ремесленниц' }],
  ['экспортер', 'm'], ['поставщик', 'm'], ['упаковк', 'f-a', { gen: 'упаковок' }], ['ярмарк', 'f-a', { gen: 'ярмарок' }], ['выставк', 'f-a', { gen: 'выставок' }],
  ['стажировк', 'f-a', { gen: 'стажировок' }], ['дискриминаци', 'f-ya'], ['домогательств', 'n-o'], ['консультаци', 'f-ya'], ['ассоциаци', 'f-ya'],
  ['организаци', 'f-ya'], ['сообществ', 'n-o'], ['партнерств', 'n-o'], ['стратеги', 'f-ya'], ['бюджет', 'm'], ['страховани', 'n-ie'],
  ['гендерн', 'adj'], ['экономическ', 'adj-skij'], ['финансов', 'adj'], ['цифров', 'adj-oj'], ['сельск', 'adj-skij'], ['женск', 'adj-skij'],
  ['мал', 'adj'], ['социальн', 'adj'], ['правов', 'adj-oj'], ['образовательн', 'adj'], ['медицинск', 'adj-skij'], ['международн', 'adj'],
  ['национальн', 'adj'], ['местн', 'adj'], ['городск', 'adj-oj'], ['региональн', 'adj'], ['профессиональн', 'adj'],
  [null, 'irregular', { forms: words('рынок рынка рынку рынком рынке рынки рынков рынкам рынками рынках') }],
  [null, 'irregular', { forms: words('семья семьи семье семью семьей семей семьям семьями семьях') }],
  [null, 'irregular', { forms: words('дети детей детям детьми детях ребенок ребенка ребенку') }],
  [null, 'irregular', { forms: words('здоровье здоровья здоровью здоровьем') }],
  [null, 'irregular', { forms: words('земля земли земле землю землей земель землям') }],
  [null, 'irregular', { forms: words('торговля торговли торговле торговлю торговлей') }],
  [null, 'irregular', { forms: words('молодежь молодежи молодежью') }],
  [null, 'irregular', { forms: words('заем займа займу займом займы займов займам') }],
  [null, 'irregular', { forms: words('выборы выборов выборам выборах') }],
];

const SIBILANT_OR_VELAR = /[гкхжшчщ]$/;

/** The forms of a Russian lemma, most frequent (nominative and genitive) first. */
function russianForms([stem, kind, extra = {}]) {
  const y = SIBILANT_OR_VELAR.test(stem ?? '') ? 'и' : 'ы';
  switch (kind) {
    case 'irregular':
      return extra.forms;
    case 'f-a':
      return [`${stem}а`, `${stem}${y}`, `${stem}е`, `${stem}у`, `${stem}ой`, extra.gen, `${stem}ам`, `${stem}ами`, `${stem}ах`];
    case 'f-ya':
      return [`${stem}я`, `${stem}и`, `${stem}ю`, `${stem}ей`, `${stem}й`, `${stem}ям`, `${stem}ями`, `${stem}ях`];
    case 'f-ost':
      return [`${stem}ость`, `${stem}ости`, `${stem}остью`, `${stem}остей`, `${stem}остям`, `${stem}остях`];
    case 'f-soft':
      return [`${stem}ь`, `${stem}и`, `${stem}ью`, `${stem}ей`, `${stem}ям`, `${stem}ях`];
    case 'm':
      return [stem, `${stem}а`, `${stem}у`, `${stem}ом`, `${stem}е`, `${stem}${y}`, /[жшчщ]$/.test(stem) ? `${stem}ей` : `${stem}ов`, `${stem}ам`, `${stem}ами`, `${stem}ах`];
    case 'm-soft':
      return [`${stem}ь`, `${stem}я`, `${stem}ю`, `${stem}ем`, `${stem}е`, `${stem}и`, `${stem}ей`, `${stem}ям`, `${stem}ями`, `${stem}ях`];
    case 'n-ie':
      return [`${stem}е`, `${stem}я`, `${stem}ю`, `${stem}ем`, `${stem}и`, `${stem}й`, `${stem}ям`, `${stem}ях`];
    case 'n-o':
      return [`${stem}о`, `${stem}а`, `${stem}у`, `${stem}ом`, `${stem}е`, `${stem}ам`, `${stem}ах`];
    case 'adj':
      return [`${stem}ый`, `${stem}ая`, `${stem}ое`, `${stem}ые`, `${stem}ого`, `${stem}ой`, `${stem}ому`, `${stem}ым`, `${stem}ых`, `${stem}ую`];
    case 'adj-oj':
      return [`${stem}ой`, `${stem}ая`, `${stem}ое`, `${stem}ые`, `${stem}ого`, `${stem}ому`, `${stem}ым`, `${stem}ых`, `${stem}ую`];
    case 'adj-skij':
      return [`${stem}ий`, `${stem}ая`, `${stem}ое`, `${stem}ие`, `${stem}ого`, `${stem}ой`, `${stem}ому`, `${stem}им`, `${stem}их`, `${stem}ую`];
    default:
      throw new Error(`unknown Russian class ${kind}`);
  }
}

const CHINESE_FUNCTION = words('的 了 在 是 和 与 为 对 将 等 也 及 中 上 有 并 从 由');
const CHINESE_TOPIC = words(`妇女 女性 创业 企业家 领导力 教育 健康 法律 权益 保障 就业 培训 贷款 金融 农业 贸易 出口 数字化 技术
  平等 性别平等 发展 合作 社区 儿童 家庭 暴力 政策 经济 市场 中小企业 项目 会议 活动 工作 招聘 职位 经验 管理 创新 互联网
  电子商务 网络 导师 指导 奖学金 大学 学校 教师 学生 研究 调查 报告 数据 统计 保护 安全 司法 法院 财产 土地 继承 婚姻
  孩子 托儿 产假 养老金 工资 收入 贫困 包容 赋权 参与 议会 选举 代表 论坛 研讨会 讲座 比赛 奖项 课程 证书 申请 截止日期
  经理 协调员 专家 顾问 会计 工程师 医生 护士 律师 记者 媒体 传播 营销 销售 在线 平台 服务 客户 质量 标准 认证 食品
  卫生 营养 怀孕 心理健康 残疾 移民 汇款 边境 海关 签证 旅游 纺织 手工艺 地毯 丝绸 棉花 乳制品 水果 农村 农民 合作社
  城市 地区 区域合作 中亚 丝绸之路 交通 物流 能源 水资源 气候变化 环境 投资 投资者 基金 资助 小额信贷 银行 信贷 初创企业
  孵化器 创业者 女企业家 领导者 政府 部门 国际 全国 地方 社会 经济增长 就业机会 职业 职业发展 技能 能力建设 数字经济
  人工智能 科技 妇女权益 家庭暴力 法律援助 歧视 工作场所 性骚扰 母婴健康 疫苗 医院 保险 储蓄 幼儿园 识字 实习 合同
  远程办公 供应链 价值链 包装 品牌 设计 时装 刺绣 陶瓷 餐厅 酒店 民宿 生态旅游 太阳能 可再生能源 灌溉 畜牧业 羊毛 蜂蜜
  温室 果园 收获`);
// Frequent characters for made-up Chinese words (two to four characters each).
const CHINESE_CHARS = Array.from(`一人大中国年上生到时地出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经
  十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社
  义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已
  通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指
  几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共
  权收证改清美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今
  集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响
  约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京
  识适属圆包火住调满县局照参红细引听该铁价严`.replace(/\s+/g, ''));

// Kazakh and Uzbek: stems and the suffixes they take (case endings, plural), as texts use them.
const KAZAKH_FUNCTION = words('және мен бен үшін бойынша туралы бұл осы да де ол біз олар бар жоқ емес болып арқылы');
const KAZAKH_TOPIC = words(`әйел кәсіпкерлік кәсіпкер көшбасшылық білім денсаулық құқық заң бизнес несие банк экспорт сауда нарық ауыл
  шаруашылық фермер жұмыс мансап дағды цифрлық технология тәлімгер бағдарлама жоба саясат үкімет министрлік өңір
  ынтымақтастық көлік энергетика су климат зорлық-зомбылық қорғау қауіпсіздік сот меншік жер отбасы бала жалақы табыс
  кедейлік теңдік гендерлік қатысу конференция семинар тренинг байқау сыйлық курс өтініш маман менеджер есепші дәрігер
  мұғалім студент университет мектеп зерттеу есеп дерек кооператив туризм қолөнер кілем жүн бал инвестиция грант стипендия`);
const UZBEK_FUNCTION = words('va bilan uchun boʻyicha haqida bu shu ham u biz ular bor yoʻq emas orqali');
const UZBEK_TOPIC = words(`ayol xotin-qizlar tadbirkorlik tadbirkor yetakchilik taʼlim sogʻliq huquq qonun biznes kredit bank eksport
  savdo bozor qishloq xoʻjalik fermer ish kasb koʻnikma raqamli texnologiya murabbiy dastur loyiha siyosat hukumat vazirlik
  hudud hamkorlik transport energetika suv iqlim zoʻravonlik himoya xavfsizlik sud mulk yer oila bola maosh daromad
  qashshoqlik tenglik gender ishtirok konferensiya seminar trening tanlov mukofot kurs ariza mutaxassis menejer buxgalter
  shifokor oʻqituvchi talaba universitet maktab tadqiqot hisobot maʼlumot kooperativ turizm hunarmandchilik gilam ipak
  paxta asal investitsiya grant stipendiya`);

const BACK_VOWELS = /[аоұы]/;
/** Kazakh suffixes follow the word's last vowel (back or front); good enough for text to search in. */
function kazakhForms(stem) {
  const vowels = stem.match(/[аәеиоөұүыіэю]/g) ?? ['а'];
  const back = BACK_VOWELS.test(vowels[vowels.length - 1]);
  const endsInVowel = /[аәеиоөұүыіэю]$/.test(stem);
  const plural = back ? (endsInVowel ? 'лар' : 'тар') : endsInVowel ? 'лер' : 'тер';
  return [stem, `${stem}${plural}`, `${stem}${back ? 'ға' : 'ге'}`, `${stem}${back ? 'ның' : 'нің'}`, `${stem}${back ? 'да' : 'де'}`, `${stem}${plural}${back ? 'ға' : 'ге'}`, `${stem}${plural}${back ? 'дың' : 'дің'}`];
}
function uzbekForms(stem) {
  return [stem, `${stem}lar`, `${stem}ga`, `${stem}ning`, `${stem}da`, `${stem}dan`, `${stem}ni`, `${stem}larga`, `${stem}larning`];
}

// ─── made-up words ────────────────────────────────────────────────────────────────────────────

/** Made-up words from syllables, distinct from each other and from the real ones. */
function madeUpWords(random, count, syllable, minSyllables, maxSyllables, taken) {
  const made = [];
  const seen = new Set(taken);
  while (made.length < count) {
    let word = '';
    const n = random.int(minSyllables, maxSyllables);
    for (let i = 0; i < n; i++) word += syllable(random, i);
    if (word.length < 3 || seen.has(word)) continue;
    seen.add(word);
    made.push(word);
  }
  return made;
}

const latinSyllable = (onsets, vowels, codas) => (random) => random.pick(onsets) + random.pick(vowels) + (random.chance(0.35) ? random.pick(codas) : '');
const ENGLISH_SYLLABLE = latinSyllable(words('b c d f g h j k l m n p r s t v w br cl dr fl gr pl pr sh st th tr ch'), words('a e i o u ea ou ai'), words('n r s t l m nd st ck ng'));
const UZBEK_SYLLABLE = latinSyllable(words('b d g h j k l m n p q r s t x y z sh ch gʻ'), words('a e i o u oʻ'), words('n r l m sh q k t z'));
const cyrillicSyllable = (onsets, vowels, codas) => (random) => random.pick(onsets) + random.pick(vowels) + (random.chance(0.3) ? random.pick(codas) : '');
const RUSSIAN_SYLLABLE = cyrillicSyllable(words('б в г д ж з к л м н п р с т ф х ц ч ш пр ст тр кр бл гр др сл'), words('а е и о у ы я ю'), words('н р л с т в м к'));
const KAZAKH_SYLLABLE = cyrillicSyllable(words('б д ж з к қ л м н п р с т ш ғ й'), words('а ә е ы і о ө ұ ү'), words('н ң р л с т з қ ғ'));
const RUSSIAN_CLASSES = ['f-a', 'm', 'm', 'n-ie', 'n-o', 'adj', 'f-ost', 'f-ya'];

// ─── vocabularies ─────────────────────────────────────────────────────────────────────────────

/**
 * A language's vocabulary: `lemmas[rank]` is a list of forms (one form for English and Chinese); the first
 * ranks are function words, real topic words come next with made-up words between them, made-up words fill
 * the rest.
 * `topic` keeps the real words' ranks for building queries.
 */
function vocabulary(random, { functionWords, topic, madeUp, size }) {
  const lemmas = functionWords.map((w) => [w]);
  const topicRanks = [];
  const fill = madeUp(size - lemmas.length - topic.length);
  let next = 0;
  // Topic words sit every 1–4 ranks among made-up words after the function words: frequent but not all at the top.
  for (const forms of topic) {
    const gap = random.int(0, 3);
    for (let i = 0; i < gap && next < fill.length; i++) lemmas.push(fill[next++]);
    topicRanks.push(lemmas.length);
    lemmas.push(forms);
  }
  while (next < fill.length) lemmas.push(fill[next++]);
  return { lemmas, topicRanks, draw: zipf(lemmas.length) };
}

const VOCABULARY_SIZE = 5000;

function vocabularies(random) {
  const english = vocabulary(random, {
    functionWords: ENGLISH_FUNCTION,
    topic: ENGLISH_TOPIC.map((w) => [w]),
    madeUp: (n) => madeUpWords(random, n, ENGLISH_SYLLABLE, 2, 3, ENGLISH_TOPIC).map((w) => [w]),
    size: VOCABULARY_SIZE,
  });
  const russianTopic = RUSSIAN_TOPIC.map(russianForms);
  const russian = vocabulary(random, {
    functionWords: RUSSIAN_FUNCTION,
    topic: russianTopic,
    madeUp: (n) => madeUpWords(random, n, RUSSIAN_SYLLABLE, 1, 3, []).map((stem) => russianForms([stem, random.pick(RUSSIAN_CLASSES), { gen: stem }])),
    size: VOCABULARY_SIZE,
  });
  const chinese = vocabulary(random, {
    functionWords: CHINESE_FUNCTION,
    topic: CHINESE_TOPIC.map((w) => [w]),
    madeUp: (n) => madeUpWords(random, n, (r) => r.pick(CHINESE_CHARS), 2, 4, CHINESE_TOPIC).map((w) => [w]),
    size: VOCABULARY_SIZE,
  });
  // Kazakh and Uzbek are a tenth of the content together: smaller vocabularies are plenty.
  const kazakh = vocabulary(random, {
    functionWords: KAZAKH_FUNCTION,
    topic: KAZAKH_TOPIC.map(kazakhForms),
    madeUp: (n) => madeUpWords(random, n, KAZAKH_SYLLABLE, 2, 3, KAZAKH_TOPIC).map(kazakhForms),
    size: 2500,
  });
  const uzbek = vocabulary(random, {
    functionWords: UZBEK_FUNCTION,
    topic: UZBEK_TOPIC.map(uzbekForms),
    madeUp: (n) => madeUpWords(random, n, UZBEK_SYLLABLE, 2, 3, UZBEK_TOPIC).map(uzbekForms),
    size: 2500,
  });
  return { en: english, ru: russian, zh: chinese, kk: kazakh, uz: uzbek };
}

// ─── items ────────────────────────────────────────────────────────────────────────────────────

const LANGUAGES = ['en', 'ru', 'zh', 'kk', 'uz'];
const LANGUAGE_WEIGHTS = [40, 35, 15, 5, 5];
const TYPES = ['blog', 'publication', 'job', 'resource', 'event', 'discussion'];
const TYPE_WEIGHTS = [30, 12, 15, 13, 12, 18];
const CAREC_COUNTRIES = ['AZ', 'CN', 'GE', 'KZ', 'KG', 'MN', 'PK', 'TJ', 'TM', 'UZ'];
/** Where each language's authors mostly are (any CAREC country otherwise, or none). */
const HOME_COUNTRIES = { en: CAREC_COUNTRIES, ru: ['KZ', 'KG', 'UZ', 'TJ', 'AZ', 'GE', 'MN', 'TM'], zh: ['CN'], kk: ['KZ'], uz: ['UZ'] };
const TAGS = words(`leadership entrepreneurship finance microfinance agriculture education health law rights gender-equality
  digital technology trade export employment careers mentoring networking policy governance climate energy water
  transport tourism crafts textiles food nutrition maternal-health violence-prevention legal-aid research data startups
  investment grants scholarships training youth rural cooperatives migration disability media innovation ecommerce
  conference webinar awards`);
const TWO_YEARS_MS = 2 * 365 * 24 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

const capitalise = (word) => word.charAt(0).toUpperCase() + word.slice(1);

class Writer {
  constructor(random, vocabularies) {
    this.random = random;
    this.vocabularies = vocabularies;
    this.tagDraw = zipf(TAGS.length, 0.8);
  }

  /** One word of the language: a lemma by rank, then one of its forms (earlier forms are more common). */
  word(language) {
    const random = this.random;
    // Kazakh and Uzbek writers use Russian words too; everyone uses some English ones (startup, IT, online).
    if ((language === 'kk' || language === 'uz') && random.chance(0.12)) language = 'ru';
    else if (language !== 'en' && random.chance(0.01)) language = 'en';
    const { lemmas, draw } = this.vocabularies[language];
    const forms = lemmas[draw(random)];
    if (forms.length === 1) return forms[0];
    return forms[random.chance(0.5) ? 0 : random.int(0, forms.length - 1)];
  }

  words(language, count) {
    const list = [];
    for (let i = 0; i < count; i++) list.push(this.word(language));
    return list;
  }

  title(language) {
    const list = this.words(language, this.random.int(4, 10));
    if (language === 'zh') return list.join('');
    list[0] = capitalise(list[0]);
    return list.join(' ');
  }

  /** 60–300 words in sentences of 6–18 words and paragraphs of 3–5 sentences. */
  body(language) {
    const random = this.random;
    const total = random.int(60, 300);
    const paragraphs = [];
    let sentences = [];
    let written = 0;
    while (written < total) {
      const n = Math.min(total - written, random.int(6, 18));
      const list = this.words(language, n);
      written += n;
      if (language === 'zh') {
        // Chinese: no spaces, a comma every few words, a full stop at the end of the sentence.
        let sentence = '';
        for (let i = 0; i < list.length; i++) sentence += list[i] + (i < list.length - 1 && random.chance(0.1) ? '，' : '');
        sentences.push(`${sentence}。`);
      } else {
        list[0] = capitalise(list[0]);
        sentences.push(`${list.join(' ')}.`);
      }
      if (sentences.length >= random.int(3, 5)) {
        paragraphs.push(sentences.join(language === 'zh' ? '' : ' '));
        sentences = [];
      }
    }
    if (sentences.length) paragraphs.push(sentences.join(language === 'zh' ? '' : ' '));
    return paragraphs.join('\n\n');
  }

  tags() {
    const random = this.random;
    if (random.chance(0.1)) return [];
    const tags = new Set();
    const n = random.int(1, 4);
    while (tags.size < n) tags.add(TAGS[this.tagDraw(random)]);
    return [...tags];
  }

  /** One published, visible item as it would be in content_item (without `search`, which the caller computes). */
  item(now) {
    const random = this.random;
    const language = LANGUAGES[random.weighted(LANGUAGE_WEIGHTS)];
    const type = TYPES[random.weighted(TYPE_WEIGHTS)];
    const publishedAt = new Date(now - Math.floor(random() * TWO_YEARS_MS));
    let expiresAt = null;
    let startsAt = null;
    // Every job is still open (closed ones are no longer 'published'); events are spread around their publishing.
    if (type === 'job') expiresAt = new Date(now + random.int(1, 30) * DAY_MS);
    if (type === 'event') startsAt = new Date(publishedAt.getTime() + random.int(3, 60) * DAY_MS);
    const country = random.chance(0.1) ? null : random.chance(0.8) ? random.pick(HOME_COUNTRIES[language]) : random.pick(CAREC_COUNTRIES);
    return {
      id: random.uuid(),
      type,
      authorId: this.author(),
      title: this.title(language),
      body: this.body(language),
      tags: this.tags(),
      language,
      country,
      publishedAt,
      expiresAt,
      startsAt,
    };
  }

  /** Two thousand authors, some far more prolific than others. */
  author() {
    this.authors ??= Array.from({ length: 2000 }, () => this.random.uuid());
    this.authorDraw ??= zipf(this.authors.length, 0.9);
    return this.authors[this.authorDraw(this.random)];
  }
}

// ─── queries ──────────────────────────────────────────────────────────────────────────────────

/**
 * What people type into search, a fixed mix: frequent words of each language, rare words, two-word queries,
 * inflected Russian, Chinese words of 2–4 characters, a few phrases and 'or', a few typos that match nothing;
 * about a third with a filter (type, language, country or tag).
 */
function queries(random, vocabularies, count) {
  const languageOf = () => LANGUAGES[random.weighted(LANGUAGE_WEIGHTS)];
  const forms = (language, rank) => vocabularies[language].lemmas[rank];
  // The real words, most frequent first: what people search for on WEOP.
  const common = (language) => {
    const ranks = vocabularies[language].topicRanks;
    return random.pick(forms(language, ranks[Math.floor(random() ** 2 * Math.min(ranks.length, 60))]));
  };
  const anyTopic = (language) => random.pick(forms(language, random.pick(vocabularies[language].topicRanks)));
  const rare = (language) => {
    const { lemmas } = vocabularies[language];
    return random.pick(lemmas[random.int(Math.floor(lemmas.length * 0.5), lemmas.length - 1)]);
  };
  // Each kind makes [query, the language it is in].
  const inLanguage = (make) => () => {
    const language = languageOf();
    return [make(language), language];
  };
  const kinds = [
    ['common word', 24, inLanguage(common)],
    ['topic word', 10, inLanguage(anyTopic)],
    ['rare word', 12, inLanguage(rare)],
    ['two words', 18, inLanguage((language) => `${common(language)} ${random.chance(0.5) ? anyTopic(language) : common(language)}`)],
    ['russian inflected', 10, () => {
      const list = forms('ru', random.pick(vocabularies.ru.topicRanks));
      return [list[random.int(Math.min(1, list.length - 1), list.length - 1)], 'ru'];
    }],
    ['chinese word', 14, () => {
      const length = random.weighted([0, 0, 55, 25, 20]);
      const candidates = CHINESE_TOPIC.filter((w) => Array.from(w).length === length);
      return [candidates.length && random.chance(0.8) ? random.pick(candidates) : rare('zh'), 'zh'];
    }],
    ['phrase or or', 6, () => {
      const language = random.pick(['en', 'ru']);
      return [random.chance(0.5) ? `"${common(language)} ${common(language)}"` : `${common(language)} or ${anyTopic(language)}`, language];
    }],
    ['no match', 6, () => {
      const language = random.pick(['en', 'ru']);
      const word = anyTopic(language);
      const at = random.int(1, word.length - 2);
      return [`${word.slice(0, at)}${word.slice(at + 1)}q`, language];
    }],
  ];
  const list = [];
  for (let i = 0; i < count; i++) {
    const [kind, , make] = kinds[random.weighted(kinds.map((k) => k[1]))];
    const [q, language] = make();
    const query = { kind, q };
    const filters = random.weighted([66, 12, 7, 6, 5, 4]);
    if (filters === 1) query.type = random.pick(TYPES.filter((t) => t !== 'discussion'));
    // Someone who filters by language mostly picks the one she is typing in.
    if (filters === 2) query.language = random.chance(0.8) ? language : languageOf();
    if (filters === 3) query.country = random.pick(CAREC_COUNTRIES);
    if (filters === 4) query.tag = TAGS[Math.floor(random() ** 2 * TAGS.length)];
    if (filters === 5) {
      query.type = random.pick(['blog', 'job', 'event']);
      query.country = random.pick(CAREC_COUNTRIES);
    }
    list.push(query);
  }
  return list;
}

/** The corpus for a seed: a writer of items (call `item(now)` n times) and the query list. */
function corpus(seed, queryCount) {
  const random = rng(seed);
  const vocab = vocabularies(random);
  // Items and queries draw from streams of their own, so changing the number of items leaves the queries alone.
  const writer = new Writer(rng(seed + 1), vocab);
  return { writer, queries: queries(rng(seed + 2), vocab, queryCount) };
}

module.exports = { corpus, LANGUAGES, TYPES };
