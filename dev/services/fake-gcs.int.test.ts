import { Storage } from '@google-cloud/storage';
import { testEndpoints, uniqueName } from '../../test/harness/endpoints';

// Smoke test of the shared stand-in: the production client speaks to fake-gcs-server for real.
describe('fake-gcs-server stand-in', () => {
  const { gcsApiEndpoint, projectId } = testEndpoints();
  const storage = new Storage({ apiEndpoint: gcsApiEndpoint, projectId });

  it('creates a bucket and round-trips an object (simple and resumable uploads)', async () => {
    const bucketName = uniqueName('smoke').toLowerCase().replace(/_/g, '-');
    const [bucket] = await storage.createBucket(bucketName);
    const simple = bucket.file('raw/smoke/dt=2024-01-02/simple.json');
    const resumable = bucket.file('raw/smoke/dt=2024-01-02/resumable.json');

    await simple.save('{"hello":"gcs"}', { resumable: false, contentType: 'application/json' });
    // Resumable uploads follow URLs the server hands out: this proves -external-url points here.
    await resumable.save('{"hello":"resumable"}', { resumable: true, contentType: 'application/json' });

    const [simpleBody] = await simple.download();
    const [resumableBody] = await resumable.download();
    const [files] = await bucket.getFiles({ prefix: 'raw/smoke/' });
    expect(simpleBody.toString('utf8')).toBe('{"hello":"gcs"}');
    expect(resumableBody.toString('utf8')).toBe('{"hello":"resumable"}');
    expect(files.map((f) => f.name).sort()).toEqual([
      'raw/smoke/dt=2024-01-02/resumable.json',
      'raw/smoke/dt=2024-01-02/simple.json',
    ]);
  });
});
