import { Storage } from '@google-cloud/storage';
import { createServer } from 'node:net';
import { testEndpoints, uniqueName } from '../../test/harness/endpoints';
import { StorageError } from '../errors';
import { describeLakeContract } from '../testing/contracts/lake';
import { LakeObjectNotFound } from './errors';
import { createGcsLake } from './gcs';

const { gcsApiEndpoint, projectId } = testEndpoints();

async function makeGcsLake() {
  const bucket = uniqueName('lake');
  // Small upload chunks so the "fails half way" tests really have chunks in flight when the source
  // breaks; tiny list pages so every listing in the contract crosses page boundaries.
  const lake = createGcsLake({
    bucket,
    projectId,
    apiEndpoint: gcsApiEndpoint,
    uploadChunkBytes: 1024 * 1024,
    listPageSize: 2,
  });
  await lake.ensureBucket();
  const cleanup = async () => {
    const storage = new Storage({ projectId, apiEndpoint: gcsApiEndpoint });
    await storage.bucket(bucket).deleteFiles({ force: true });
    await storage.bucket(bucket).delete({ ignoreNotFound: true });
  };
  return { lake, cleanup };
}

describeLakeContract(`gcs (fake-gcs-server at ${gcsApiEndpoint})`, makeGcsLake);

describe(`gcs lake: backend details (fake-gcs-server at ${gcsApiEndpoint})`, () => {
  it('creates its bucket once and tolerates being asked again', async () => {
    const bucket = uniqueName('lake');
    const lake = createGcsLake({ bucket, projectId, apiEndpoint: gcsApiEndpoint });
    await lake.ensureBucket();
    await lake.ensureBucket();
    const [exists] = await new Storage({ projectId, apiEndpoint: gcsApiEndpoint }).bucket(bucket).exists();
    expect(exists).toBe(true);
    expect(lake.describe()).toBe(`gcs gs://${bucket} (${gcsApiEndpoint})`);
    await new Storage({ projectId, apiEndpoint: gcsApiEndpoint }).bucket(bucket).delete();
  });

  it('records the content type it was given', async () => {
    // Only `put` is checked: for streamed (resumable) uploads the Node client sends the type in the
    // X-Upload-Content-Type header, which fake-gcs-server ignores (fsouza/fake-gcs-server#1098).
    const { lake, cleanup } = await makeGcsLake();
    try {
      await lake.put('t/a.json', '{}', { contentType: 'application/json' });
      await lake.put('t/b.jsonl.gz', Buffer.from([0x1f, 0x8b]));
      const bucket = new Storage({ projectId, apiEndpoint: gcsApiEndpoint }).bucket(lake.bucketName);
      const [[a], [b]] = await Promise.all([
        bucket.file('t/a.json').getMetadata(),
        bucket.file('t/b.jsonl.gz').getMetadata(),
      ]);
      expect(a.contentType).toBe('application/json');
      // Never Content-Encoding: gzip, or GCS would hand back decompressed bytes.
      expect([a.contentEncoding ?? '', b.contentEncoding ?? '']).toEqual(['', '']);
      expect((await lake.get('t/b.jsonl.gz')).equals(Buffer.from([0x1f, 0x8b]))).toBe(true);
    } finally {
      await cleanup();
    }
  });

  it('writing to a bucket that does not exist is a terminal StorageError, not "object not found"', async () => {
    const lake = createGcsLake({ bucket: uniqueName('absent'), projectId, apiEndpoint: gcsApiEndpoint });
    const error = await lake.put('a/b', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).not.toBeInstanceOf(LakeObjectNotFound);
    expect((error as StorageError).retriable).toBe(false);
  });

  it('maps a refused connection to a retriable StorageError', async () => {
    // A port that was free a moment ago: nothing listens there now.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as { port: number };
        server.close(() => resolve(p));
      });
    });
    const apiEndpoint = `http://127.0.0.1:${port}`;
    const lake = createGcsLake({
      bucket: 'nowhere',
      projectId,
      apiEndpoint,
      storage: new Storage({ projectId, apiEndpoint, retryOptions: { autoRetry: false } }),
    });
    const error = await lake.get('a/b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).not.toBeInstanceOf(LakeObjectNotFound);
    expect((error as StorageError).retriable).toBe(true);
  });
});
