import { kafkaServerProperties, newKafkaClusterId } from './kafka-config';

function parse(properties: string): Map<string, string> {
  return new Map(properties.trim().split('\n').map((line) => line.split('=', 2) as [string, string]));
}

describe('kafkaServerProperties', () => {
  const props = parse(kafkaServerProperties({ port: 19092, controllerPort: 19093, logDir: '/data/kraft' }));

  it('runs one KRaft node on loopback only', () => {
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092');
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:19093');
    expect(props.get('log.dirs')).toBe('/data/kraft');
  });

  it.each([
    ['offsets.topic.replication.factor', '1'],
    ['transaction.state.log.replication.factor', '1'],
    ['transaction.state.log.min.isr', '1'],
    ['group.initial.rebalance.delay.ms', '0'],
    ['auto.create.topics.enable', 'false'],
  ])('sets %s=%s for a single node', (key, value) => {
    expect(props.get(key)).toBe(value);
  });
});

describe('newKafkaClusterId', () => {
  it('returns 22 URL-safe base64 characters that never start with a dash', () => {
    const ids = Array.from({ length: 500 }, () => newKafkaClusterId());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Buffer.from(ids[0]!, 'base64url')).toHaveLength(16);
  });
});
