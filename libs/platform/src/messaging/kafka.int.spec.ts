import { createKafka } from './kafka';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: { checkPendingRequests(): void } };

describe('kafkajs clients on the real broker', () => {
  it('anIdleConnection_doesNotSpinATimer', async () => {
    const producer = createKafka('idle-test').producer();
    await producer.connect();
    try {
      await new Promise((r) => setTimeout(r, 300));
      const checks = jest.spyOn(RequestQueue.prototype, 'checkPendingRequests');
      await new Promise((r) => setTimeout(r, 1000));
      // unpatched kafkajs 2.2.4 checks its empty queue every millisecond: hundreds of times here
      expect(checks.mock.calls.length).toBeLessThan(10);
      checks.mockRestore();
    } finally {
      await producer.disconnect();
    }
  });
});
