import { scoreSentiment, rawPolarity } from './sentiment';
import { canonicalTicker, headlineTickers, knownTickerSet, tagTickers } from './tagger';

const known = knownTickerSet(['AAPL', 'MSFT', 'NVDA', 'BRK-B', 'F', 'AI', 'TSLA']);

describe('ticker tagger', () => {
  it.each([
    ['$NVDA and $msft rally', ['NVDA', 'MSFT']],
    ['AAPL, MSFT lead gains; BRK.B flat', ['AAPL', 'MSFT', 'BRK.B']],
    ['CEO says AI spending will rise', ['AI']],
    ['Ford (F) recalls trucks', []],
    ['Ford $F recalls trucks', ['F']],
    ['AAPLX is not AAPL-ish', ['AAPL']],
    ['MARKETS RALLY AS AAPL AND MSFT SOAR', []],
    ['<script>alert("x")</script> TSLA shares jump', ['TSLA']],
  ])('%s -> %j', (headline, expected) => {
    expect(headlineTickers(headline, known)).toEqual(expected);
  });

  it('merges provider symbols with headline mentions, saying how each was found', () => {
    expect(tagTickers({ headline: 'NVDA beats; $AAPL slips', symbols: ['NVDA', 'AMD'] }, known)).toEqual([
      { ticker: 'NVDA', taggedBy: 'both' },
      { ticker: 'AMD', taggedBy: 'symbols' },
      { ticker: 'AAPL', taggedBy: 'headline' },
    ]);
  });

  it('spells share classes one way', () => {
    expect(['BRK-B', 'brk.b', 'BRK/B', 'BTCUSD'].map(canonicalTicker)).toEqual(['BRK.B', 'BRK.B', 'BRK.B', 'BTCUSD']);
  });
});

describe('lexicon sentiment', () => {
  it.each([
    ['Apple beats estimates, shares surge to a record', null, 'positive'],
    ['Tesla misses delivery targets; stock plunges', null, 'negative'],
    ['Microsoft to hold annual meeting on Tuesday', null, 'neutral'],
    ['Regulator does not expect losses at the bank', null, 'positive'],
    ['Mission statement and finance team named', null, 'neutral'],
  ])('%s -> %s', (headline, summary, label) => {
    expect(scoreSentiment(headline, summary).label).toBe(label);
  });

  it('stays within [-1, 1] however strong the text', () => {
    const strong = scoreSentiment('surge '.repeat(500), 'soar '.repeat(500));
    const weak = scoreSentiment('crash '.repeat(500), null);
    expect(strong.score).toBeLessThanOrEqual(1);
    expect(strong.score).toBeGreaterThan(0.99);
    expect(weak.score).toBeGreaterThanOrEqual(-1);
    expect(weak.score).toBeLessThan(-0.99);
  });

  it('counts the headline twice and negation flips the next sentiment word', () => {
    expect(rawPolarity('not a loss')).toBe(1.5);
    expect(scoreSentiment('gains', 'losses').score).toBeGreaterThan(0);
  });
});
