import { authMessage, decodeFrame, errorPolicy, subscribeMessage } from './protocol';

describe('errorPolicy', () => {
  it.each([
    [402, 'fatal'],
    [409, 'fatal'],
    [400, 'fatal'],
    [405, 'fatal'],
    [410, 'fatal'],
    [401, 'reconnect'],
    [404, 'reconnect'],
    [406, 'reconnect'],
    [407, 'reconnect'],
    [500, 'reconnect'],
    [599, 'reconnect'],
    [403, 'ignore'],
  ])('code %i -> %s', (code, policy) => expect(errorPolicy(code)).toBe(policy));
});

describe('decodeFrame', () => {
  it('splits control messages, articles and unknown elements', () => {
    const frame = decodeFrame(
      JSON.stringify([
        { T: 'success', msg: 'connected' },
        { T: 'n', id: 1 },
        { T: 'error', code: 406, msg: 'connection limit exceeded' },
        { T: 'subscription', news: ['*'] },
        { T: 'q' },
        3,
      ]),
    );
    expect(frame).toEqual({
      control: [
        { T: 'success', msg: 'connected' },
        { T: 'error', code: 406, msg: 'connection limit exceeded' },
        { T: 'subscription', news: ['*'] },
      ],
      articles: [{ T: 'n', id: 1 }],
      unknown: [{ T: 'q' }, 3],
    });
  });
  it.each([['not json'], ['{"T":"n"}'], ['null'], ['']])('%p is not a frame', (text) =>
    expect(decodeFrame(text)).toBeNull(),
  );
});

describe('client messages', () => {
  it('subscribes to everything with "*" or to the given symbols', () => {
    expect(JSON.parse(subscribeMessage([]))).toEqual({ action: 'subscribe', news: ['*'] });
    expect(JSON.parse(subscribeMessage(['AAPL', 'MSFT']))).toEqual({ action: 'subscribe', news: ['AAPL', 'MSFT'] });
    expect(JSON.parse(authMessage('k', 's'))).toEqual({ action: 'auth', key: 'k', secret: 's' });
  });
});
