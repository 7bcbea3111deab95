/**
 * Built-in topics' names and descriptions in each language. English comes from the topic catalogue itself
 * (topics/catalog.json, where the matching terms live); other languages name them here. A custom query is
 * shown as the member wrote it, in the language's own quotation marks.
 */
export const en = {
  names: {} as Record<string, { name: string; description: string }>,
  customQuery: (query: string) => `“${query}”`,
};

export const ja: typeof en = {
  names: {
    japan: { name: '日本', description: '日本の政治、経済、企業、市場、社会。東京、円相場、日経平均、日本銀行、首相、国会、主要な日本企業、日本語のニュース。' },
    crypto: { name: '暗号資産', description: '暗号資産とブロックチェーン：ビットコイン、イーサリアム、ステーブルコイン、DeFi、NFT、バイナンスやコインベースなどの取引所、規制、中央銀行デジタル通貨。' },
    ai: { name: '人工知能', description: '人工知能：AIモデルとチャットボット、それを作る企業（OpenAI、Anthropic、Google DeepMindなど）、AI半導体、研究、規制、仕事への影響。' },
    climate: { name: '気候', description: '気候変動：排出、温暖化、異常気象、気候政策と国際会議（COP、パリ協定）、エネルギー転換。' },
    economy: { name: '経済・市場', description: '経済と金融市場：成長、物価、雇用、中央銀行と金利、貿易と関税、株式、債券、為替。' },
    'us-politics': { name: '米国政治', description: '米国の政治：ホワイトハウス、議会、最高裁判所、選挙、政党とその指導者。' },
    china: { name: '中国', description: '中国の政治、経済、企業、対外関係。北京、習近平、人民元、中国人民銀行、中国のIT企業、香港・台湾との関係。' },
    europe: { name: '欧州', description: '欧州と欧州連合：EUの機関と政策、ユーロと欧州中央銀行、英国を含む欧州各国の政治と経済。' },
    energy: { name: 'エネルギー', description: 'エネルギー：石油とガス、OPEC、電力と送電網、原子力、石炭、再生可能エネルギー（太陽光、風力、水素）、エネルギー価格と関連企業。' },
    space: { name: '宇宙', description: '宇宙：打ち上げとミッション、NASA、SpaceXなどの宇宙機関と企業、宇宙飛行士、人工衛星、月と火星、望遠鏡と天文学。' },
    health: { name: '健康・医療', description: '健康と医療：病気と感染拡大、ワクチンと医薬品、病院と医療制度、公衆衛生機関、医学研究。' },
    technology: { name: 'テクノロジー', description: 'テクノロジー：IT業界と大手企業、ソフトウェアとインターネット、半導体と端末、サイバーセキュリティ、スタートアップ、IT規制。' },
  },
  customQuery: (query: string) => `「${query}」`,
};
