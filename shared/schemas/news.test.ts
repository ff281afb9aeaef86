import {
  NewsArticle,
  NewsMessage,
  blankToNull,
  checkNewsArticle,
  htmlToText,
  toIsoInstant,
  toNewsArticleCandidate,
  type NewsArticleInput,
} from './news';

const alpacaRecord: NewsArticleInput = {
  id: 24918784,
  headline: 'Corsair Reports Purchase Of Majority Ownership In iDisplay',
  summary: '',
  content:
    '<p>Corsair Gaming, Inc. (NASDAQ:<a class="ticker" href="https://www.benzinga.com/stock/CRSR#NASDAQ">CRSR</a>) (&ldquo;Corsair&rdquo;), a leading&nbsp;provider</p><p>Second&amp;last</p>',
  author: 'Benzinga Newsdesk',
  source: 'benzinga',
  url: 'https://www.benzinga.com/m-a/22/01/24918784/corsair',
  symbols: ['CRSR', 'crsr'],
  images: [{ size: 'thumb', url: 'https://cdn.benzinga.com/x.jpg' }],
  created_at: '2022-01-05T22:00:37Z',
  updated_at: '2022-01-05T22:00:38Z',
  provider: 'alpaca',
};

describe('htmlToText', () => {
  it.each([
    ['plain text stays', 'Apple beats estimates', 'Apple beats estimates'],
    ['paragraphs become lines', '<p>One</p><p>Two</p>', 'One\nTwo'],
    ['br becomes a line break', 'a<br>b<br/>c', 'a\nb\nc'],
    ['script and style are dropped with their content', 'x<script>alert("xss")</script>y<style>p{}</style>z', 'x y z'],
    ['an unterminated script drops the rest', 'safe<script>alert(1)', 'safe'],
    ['comments are dropped', 'a<!-- hidden -->b', 'a b'],
    [
      'entities are decoded once',
      '&lt;b&gt;bold&lt;/b&gt; &amp;amp; &#8220;q&#x201D;',
      '<b>bold</b> &amp; \u201cq\u201d',
    ],
    ['control characters from numeric entities become spaces', 'a&#0;b&#7;c', 'a b c'],
    ['unknown entities are kept', '&bogus; &', '&bogus; &'],
    ['whitespace collapses', '  a \t  b\n\n\n\nc  ', 'a b\n\nc'],
    ['list items get dashes', '<ul><li>one</li><li>two</li></ul>', '- one\n- two'],
    ['a less-than sign that is not a tag survives', '1 < 2 and 3 > 2', '1 < 2 and 3 > 2'],
  ])('%s', (_name, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });

  it('gives text without markup the documented whitespace rules, whichever path it takes', () => {
    // The rules as stated in htmlToText's doc, applied in full to every input.
    const rules = (text: string) =>
      text
        .replace(/\r\n?/g, '\n')
        .replace(/[ \t\f\v\u00a0]+/g, ' ')
        .replace(/ *\n */g, '\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
    const alphabet = ['a', 'b', ' ', ' ', '\n', '\n', '\r', '\t', '\u00a0', '\v', '\f'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    let changedInside = 0;
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({ length: 1 + (next() % 12) }, () => alphabet[next() % alphabet.length]).join('');
      expect(htmlToText(text)).toBe(rules(text));
      if (rules(text) !== text.trim()) changedInside += 1;
    }
    // Both kinds occur: texts the rules change inside, and texts only trimmed.
    expect(changedInside).toBeGreaterThan(500);
    expect(changedInside).toBeLessThan(4900);
  });
});

describe('blankToNull and toIsoInstant', () => {
  it.each([[undefined], [null], [''], ['   ']])('%p is null', (value) => expect(blankToNull(value)).toBeNull());
  it('trims strings and passes other types through', () => {
    expect(blankToNull('  x ')).toBe('x');
    expect(blankToNull(3)).toBe(3);
  });
  it('normalises RFC-3339 instants to ISO UTC and leaves anything else', () => {
    expect(toIsoInstant('2024-09-17T09:02:44Z')).toBe('2024-09-17T09:02:44.000Z');
    expect(toIsoInstant('2024-09-17T05:02:44-04:00')).toBe('2024-09-17T09:02:44.000Z');
    expect(toIsoInstant('yesterday')).toBe('yesterday');
  });
});

describe('toNewsArticleCandidate + checkNewsArticle', () => {
  it('normalises an Alpaca record into a valid article', () => {
    const verdict = checkNewsArticle(toNewsArticleCandidate(alpacaRecord));
    expect(verdict).toEqual({
      ok: true,
      article: {
        id: '24918784',
        headline: 'Corsair Reports Purchase Of Majority Ownership In iDisplay',
        summary: null,
        content: 'Corsair Gaming, Inc. (NASDAQ: CRSR ) (\u201cCorsair\u201d), a leading provider\nSecond&last',
        author: 'Benzinga Newsdesk',
        source: 'benzinga',
        url: 'https://www.benzinga.com/m-a/22/01/24918784/corsair',
        symbols: ['CRSR'],
        images: [{ size: 'thumb', url: 'https://cdn.benzinga.com/x.jpg' }],
        created_at: '2022-01-05T22:00:37.000Z',
        updated_at: '2022-01-05T22:00:38.000Z',
        provider: 'alpaca',
      },
    });
  });

  it('keeps a headline verbatim, markup included (renderers escape it)', () => {
    const verdict = checkNewsArticle(
      toNewsArticleCandidate({ ...alpacaRecord, headline: '<script>alert(1)</script> Up 5%' }),
    );
    expect(verdict.ok && verdict.article.headline).toBe('<script>alert(1)</script> Up 5%');
  });

  it('leaves out absent images and treats absent symbols as none', () => {
    const candidate = toNewsArticleCandidate({ ...alpacaRecord, images: undefined, symbols: undefined });
    expect('images' in candidate).toBe(false);
    expect(candidate.symbols).toEqual([]);
    expect(checkNewsArticle(candidate).ok).toBe(true);
  });

  it('reports every problem of a broken record as data', () => {
    const verdict = checkNewsArticle(
      toNewsArticleCandidate({
        ...alpacaRecord,
        id: '',
        headline: '  ',
        url: 'javascript:alert(1)',
        symbols: ['ok', 7],
        created_at: 'not a date',
        updated_at: null,
      }),
    );
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.issues.map((i) => i.path).sort()).toEqual([
      'created_at',
      'headline',
      'id',
      'symbols.1',
      'updated_at',
      'url',
    ]);
    expect(verdict.issues.every((i) => i.code !== '' && i.message !== '')).toBe(true);
  });

  it('rejects an unknown provider and a non-object', () => {
    expect(checkNewsArticle({ ...toNewsArticleCandidate(alpacaRecord), provider: 'reuters' }).ok).toBe(false);
    expect(checkNewsArticle('nope')).toEqual({
      ok: false,
      issues: [expect.objectContaining({ path: '', code: 'invalid_type' })],
    });
  });

  it('NewsMessage wraps a valid article with the raw record', () => {
    const article = NewsArticle.parse(toNewsArticleCandidate(alpacaRecord));
    const message = { article, raw: alpacaRecord, received_at: '2022-01-05T22:00:39.123Z', via: 'stream' };
    expect(NewsMessage.parse(message)).toEqual(message);
    expect(NewsMessage.safeParse({ ...message, via: 'carrier-pigeon' }).success).toBe(false);
  });
});
