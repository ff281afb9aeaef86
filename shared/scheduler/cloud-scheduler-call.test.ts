import { backoffMs, cloudSchedulerHeaders, jobIdOf } from './cloud-scheduler-call';

describe('Cloud Scheduler request shape', () => {
  it('backs off as Cloud Scheduler documents: doubling, then linear, then capped', () => {
    // The RetryConfig example: min 10s, max 300s, maxDoublings 3 -> 10, 20, 40, 80, 160, 240, 300, 300.
    const policy = { retryCount: 8, minBackoffMs: 10_000, maxBackoffMs: 300_000, maxDoublings: 3 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffMs(policy, n) / 1000)).toEqual([
      10, 20, 40, 80, 160, 240, 300, 300,
    ]);
  });

  it('adds the headers Cloud Scheduler adds to an HTTP target', () => {
    expect(cloudSchedulerHeaders('prices', new Date('2024-06-04T02:30:00Z'))).toEqual({
      'content-type': 'application/json',
      'user-agent': 'Google-Cloud-Scheduler',
      'x-cloudscheduler': 'true',
      'x-cloudscheduler-jobname': 'prices',
      'x-cloudscheduler-scheduletime': '2024-06-04T02:30:00.000Z',
    });
  });

  it.each([
    ['prices', 'prices'],
    ['news_batch', 'news-batch'],
    ['Product Hunt', 'product-hunt'],
  ])('names job %s %s, as cdktf does', (name, id) => {
    expect(jobIdOf(name)).toBe(id);
  });
});
