/**
 * The inaugural CAREC Gender Award (Tbilisi, November 2023) and its eleven Gender Champions, from the
 * source brief (../shared/product/seed-carec-weop.txt). Names, countries, kinds and categories are the
 * brief's facts; the citations are written here. The brief gives the ceremony's month and place only,
 * so the dates below are placeholders for the record, not history.
 */
import type { AwardCategory, NomineeKind } from '@weop/contracts';

export interface SeedChampion {
  country: string | null;
  category: AwardCategory;
  kind: NomineeKind;
  name: string;
  citation: string;
}

export const CYCLE_2023 = {
  year: 2023,
  nominationsOpenAt: new Date('2023-05-01T00:00:00Z'),
  nominationsCloseAt: new Date('2023-07-31T23:59:59Z'),
  judgingStartsAt: new Date('2023-08-01T00:00:00Z'),
  judgingEndsAt: new Date('2023-09-30T23:59:59Z'),
  ceremonyAt: new Date('2023-11-01T00:00:00Z'),
  ceremonyPlace: 'Tbilisi, Georgia',
};

export const CHAMPIONS_2023: readonly SeedChampion[] = [
  {
    country: 'AZ',
    category: 'national',
    kind: 'organization',
    name: 'Gender Hub Azerbaijan',
    citation:
      'Founded only in 2021, this NGO has already drawn women, volunteers and activists from across Azerbaijan into one community. ' +
      'It speaks up for women in policy debates, trains women (young women above all) and stands beside vulnerable groups, ' +
      'survivors of domestic violence among them, as they rebuild their social and economic independence.',
  },
  {
    country: 'CN',
    category: 'national',
    kind: 'organization',
    name: 'Waipula Village, Yunnan',
    citation:
      'Once among the poorer places of Yunnan, Waipula became a demonstration site for the Sustainable Development Goals in 2016. ' +
      'Local action that took women into account turned it into an eco-tourism destination run by women: their businesses lifted ' +
      'families out of poverty, brought migrant workers home to jobs, and three of the seven seats on the village committee are now held by women.',
  },
  {
    country: 'GE',
    category: 'national',
    kind: 'organization',
    name: 'Women’s Information Center',
    citation:
      'Since 2000 the Women’s Information Center has helped women in Georgia gain economic and political ground through advice, practical help and new ' +
      'openings, and has made women’s rights better understood. Its reach across the country and its many projects have changed how Georgian society sees women’s place.',
  },
  {
    country: 'KZ',
    category: 'national',
    kind: 'organization',
    name: 'JSC “Housing Construction Savings Bank “Otbasy Bank”',
    citation:
      'With the Asian Development Bank, this housing savings bank created Umai, the first mortgage programme in Asia designed for women. ' +
      'More than 3,300 women in Kazakhstan have become homeowners through it, and the bank advances equality within its own institutions and in public life.',
  },
  {
    country: 'KG',
    category: 'national',
    kind: 'organization',
    name: 'National Federation of Female Communities of Kyrgyzstan',
    citation:
      'The only national organisation of rural girls in Central Asia began more than twenty years ago, when five teenage girls in the mountain village of Kerben, ' +
      'survivors of violence themselves, set out to end child marriage and bride kidnapping. Girls from its network across the country sit on its board and set its ' +
      'course, and it campaigns to end the customs that harm them.',
  },
  {
    country: 'MN',
    category: 'national',
    kind: 'organization',
    name: 'National Center Against Violence',
    citation:
      'Working since 1995, the Center has grown to 16 branches and 5 shelters for survivors of violence across Mongolia. It helped the country put protection ' +
      'for survivors in place, with the laws and policies behind it, trained those who carry them out, and keeps equality and human rights in public view.',
  },
  {
    country: 'PK',
    category: 'national',
    kind: 'individual',
    name: 'Ms. Fauzia Viqar',
    citation:
      'For two decades Fauzia Viqar has defended women’s rights in Pakistan and internationally, from inside government and from civil society. She has headed ' +
      'major organisations and programmes that confront discrimination and violence against women, at home, at work and in village communities.',
  },
  {
    country: 'TJ',
    category: 'national',
    kind: 'individual',
    name: 'Ms. Manzura Asadova',
    citation:
      'A former teacher at a medical college, Manzura Asadova now runs a family farm near Kulyab that employs more than twenty women. She founded the NGO Nisojon ' +
      'to support women and girls from vulnerable rural families, and shows how much one woman at the grassroots can change in her community.',
  },
  {
    country: 'TM',
    category: 'national',
    kind: 'organization',
    name: 'Central Council of the Women’s Union of Turkmenistan',
    citation:
      'Since 1992 the Central Council has brought together more than five thousand grassroots organisations and over 880,000 women of every profession and age. ' +
      'For three decades it has pushed for more women in public life and helped women move ahead in their careers.',
  },
  {
    country: 'UZ',
    category: 'national',
    kind: 'organization',
    name: '“Nemolchi” Media Project',
    citation:
      'Nemolchi, "do not stay silent", began in 2017 to make violence against women in Uzbekistan visible and grew into a movement. By breaking the taboo around it, ' +
      'its advocacy changed how the public sees such violence and helped bring changes to the law.',
  },
  {
    country: null,
    category: 'regional',
    kind: 'organization',
    name: 'Wonder Women',
    citation:
      'Started in Kazakhstan, Wonder Women is a network of young women working for gender equality in Kazakhstan, Uzbekistan, Tajikistan, the Kyrgyz Republic and ' +
      'Turkmenistan. Its members learn from one another and mentor the next women in companies, in science and technology and in their own ventures, while ' +
      'campaigning against stereotypes and gender-based violence.',
  },
];
