import { PubSub, type Message } from '@google-cloud/pubsub';
import { testEndpoints, uniqueName } from '../../test/harness/endpoints';
import { StorageError } from '../errors';
import { createEventPublisher, createPubSubEventPublisher } from './index';

describe('Pub/Sub event publisher (emulator)', () => {
  const { pubsubEmulatorHost, projectId } = testEndpoints();
  const client = new PubSub({
    projectId,
    apiEndpoint: pubsubEmulatorHost,
    emulatorMode: true,
    credentials: { client_email: 'test@localhost', private_key: 'unused' },
  });
  afterAll(() => client.close());

  it('creates the missing topic and delivers the event with its attributes', async () => {
    const topic = uniqueName('signals');
    const [created] = await client.createTopic(topic);
    const [subscription] = await created.createSubscription(uniqueName('sub'));
    const events = createEventPublisher({ projectId, emulatorHost: pubsubEmulatorHost }, { dir: '/nonexistent' });
    expect(events.kind).toBe('pubsub');
    const received = new Promise<Message>((resolve) =>
      subscription.once('message', (m: Message) => (m.ack(), resolve(m))),
    );
    const id = await events.publish(topic, { article_id: '42', score: 0.5 }, { article_id: '42' });
    const message = await received;
    await subscription.close();
    await events.close();
    expect(message.id).toBe(id);
    expect(JSON.parse(message.data.toString('utf8'))).toEqual({ article_id: '42', score: 0.5 });
    expect(message.attributes).toEqual({ article_id: '42' });
  });

  it('creates a topic that does not exist yet on first publish', async () => {
    const topic = uniqueName('fresh');
    const events = createPubSubEventPublisher({ projectId, emulatorHost: pubsubEmulatorHost });
    await events.publish(topic, { ok: true });
    await events.close();
    const [exists] = await client.topic(topic).exists();
    expect(exists).toBe(true);
  });

  it('fails with a terminal StorageError when the topic is missing and may not be created', async () => {
    const events = createPubSubEventPublisher({
      projectId,
      emulatorHost: pubsubEmulatorHost,
      createMissingTopics: false,
    });
    const failure = await events.publish(uniqueName('missing'), { ok: true }).catch((error: unknown) => error);
    await events.close();
    expect(failure).toBeInstanceOf(StorageError);
    expect(failure).toMatchObject({ retriable: false });
  });
});
