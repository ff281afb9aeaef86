import { parseTraceHeader } from './trace';

describe('parseTraceHeader', () => {
  it.each([
    [
      'cloud trace with span and sampled',
      '105445aa7843bc8bf206b12000100000/74;o=1',
      'proj',
      {
        trace: 'projects/proj/traces/105445aa7843bc8bf206b12000100000',
        spanId: '000000000000004a',
        traceSampled: true,
      },
    ],
    [
      'cloud trace, not sampled',
      '105445AA7843BC8BF206B12000100000/1;o=0',
      'proj',
      {
        trace: 'projects/proj/traces/105445aa7843bc8bf206b12000100000',
        spanId: '0000000000000001',
        traceSampled: false,
      },
    ],
    [
      'cloud trace id only',
      '105445aa7843bc8bf206b12000100000',
      'proj',
      { trace: 'projects/proj/traces/105445aa7843bc8bf206b12000100000' },
    ],
    [
      'no project: bare id',
      '105445aa7843bc8bf206b12000100000/2',
      undefined,
      { trace: '105445aa7843bc8bf206b12000100000', spanId: '0000000000000002' },
    ],
    [
      'w3c traceparent',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      'proj',
      {
        trace: 'projects/proj/traces/4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        traceSampled: true,
      },
    ],
  ])('%s', (_name, header, project, expected) => {
    expect(parseTraceHeader(header, project)).toEqual(expected);
  });

  it.each([undefined, null, '', 'garbage', '1234/5;o=1', '00000000000000000000000000000000/1;o=1'])(
    'returns undefined for %p',
    (header) => {
      expect(parseTraceHeader(header, 'proj')).toBeUndefined();
    },
  );
});
