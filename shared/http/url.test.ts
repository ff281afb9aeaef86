import { buildUrl, redactUrl } from './url';

describe('buildUrl', () => {
  it.each([
    ['http://h/v2', '/bars', {}, 'http://h/v2/bars'],
    ['http://h/v2/', 'bars', {}, 'http://h/v2/bars'],
    ['http://h', '/bars', { symbols: 'AAPL,MSFT', limit: 10 }, 'http://h/bars?symbols=AAPL%2CMSFT&limit=10'],
    ['http://h/v2', '/bars?page=2', { limit: 1 }, 'http://h/v2/bars?page=2&limit=1'],
    [
      'http://h/v2',
      '/bars',
      { t: ['a', 'b'], skip: undefined, none: null, flag: true },
      'http://h/v2/bars?t=a&t=b&flag=true',
    ],
    ['http://h/v2', 'http://h/v2/bars?cursor=x', {}, 'http://h/v2/bars?cursor=x'],
  ])('%s + %s + %j -> %s', (base, path, query, expected) => {
    expect(buildUrl(base, path, query).href).toBe(expected);
  });

  it('refuses an absolute URL on another origin', () => {
    expect(() => buildUrl('http://h/v2', 'http://evil/steal')).toThrow(TypeError);
  });
});

describe('redactUrl', () => {
  it.each([
    ['http://h/x?apiKey=s1&symbol=AAPL', 'http://h/x?apiKey=REDACTED&symbol=AAPL'],
    [
      'http://h/x?api_key=s1&token=s2&access_token=s3&key=s4',
      'http://h/x?api_key=REDACTED&token=REDACTED&access_token=REDACTED&key=REDACTED',
    ],
    [
      'http://h/x?client_secret=s1&password=s2&sig=s3',
      'http://h/x?client_secret=REDACTED&password=REDACTED&sig=REDACTED',
    ],
    ['http://user:pw@h/x?author=Jane', 'http://REDACTED@h/x?author=Jane'],
    ['http://h/x?page=2', 'http://h/x?page=2'],
  ])('%s -> %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('also redacts parameters the client names', () => {
    expect(redactUrl('http://h/x?X-Amz-Credential=c&user_code=u', ['user_code'])).toBe(
      'http://h/x?X-Amz-Credential=REDACTED&user_code=REDACTED',
    );
  });
});
