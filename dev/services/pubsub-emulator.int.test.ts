import { PubSub, type Message } from '@google-cloud/pubsub';
import { testEndpoints, uniqueName } from '../../test/harness/endpoints';

// Smoke test of the shared stand-in: @google-cloud/pubsub finds it through PUBSUB_EMULATOR_HOST.
describe('pubsub emulator stand-in', () => {
  const { pubsubEmulatorHost, projectId } = testEndpoints();
  const pubsub = new PubSub({ projectId });

  afterAll(() => pubsub.close());

  it('is the emulator the client connects to', () => {
    expect(pubsub.isEmulator).toBe(true);
    expect(`${pubsub.options.servicePath}:${pubsub.options.port}`).toBe(pubsubEmulatorHost);
  });

  it('publishes a message and delivers it to a subscription', async () => {
    const [topic] = await pubsub.createTopic(uniqueName('smoke-topic'));
    const [subscription] = await topic.createSubscription(uniqueName('smoke-sub'));
    try {
      const received = new Promise<Message>((resolve, reject) => {
        subscription.once('message', (message: Message) => {
          message.ack();
          resolve(message);
        });
        subscription.once('error', reject);
      });
      const messageId = await topic.publishMessage({
        data: Buffer.from('hello pubsub'),
        attributes: { kind: 'smoke' },
      });
      const message = await received;

      expect(message.id).toBe(messageId);
      expect(message.data.toString('utf8')).toBe('hello pubsub');
      expect(message.attributes).toEqual({ kind: 'smoke' });
    } finally {
      await subscription.close();
    }
  });
});
