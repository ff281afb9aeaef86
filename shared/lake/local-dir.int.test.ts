import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeLakeContract } from '../testing/contracts/lake';
import { StorageError } from '../errors';
import { createLocalDirLake } from './local-dir';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

async function makeLocalLake() {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lake-contract-'));
  return { root, lake: createLocalDirLake({ root }), cleanup: () => fs.rm(root, { recursive: true, force: true }) };
}

describeLakeContract(`local (directory under ${os.tmpdir()})`, makeLocalLake);

describe('local lake: on-disk details', () => {
  it('removes the temp file of a write whose source fails, so the directory holds only objects', async () => {
    const { root, lake, cleanup } = await makeLocalLake();
    try {
      await lake.put('raw/prices/dt=2024-01-01/keep.jsonl.gz', 'kept');
      async function* failing(): AsyncGenerator<Buffer> {
        yield Buffer.alloc(1024 * 1024);
        throw new Error('half way');
      }
      await expect(lake.putStream('raw/prices/dt=2024-01-01/run-1.jsonl.gz', failing())).rejects.toThrow('half way');
      expect(await filesUnder(root)).toEqual([path.join('raw', 'prices', 'dt=2024-01-01', 'keep.jsonl.gz')]);
    } finally {
      await cleanup();
    }
  });

  it('never lists a temp file left by a crashed writer', async () => {
    const { root, lake, cleanup } = await makeLocalLake();
    try {
      await lake.put('a/b.txt', 'b');
      // What a process killed between open and rename leaves behind.
      await fs.writeFile(path.join(root, 'a', '.tmp-deadbeef'), 'half');
      const keys: string[] = [];
      for await (const o of lake.list('')) keys.push(o.key);
      expect(keys).toEqual(['a/b.txt']);
    } finally {
      await cleanup();
    }
  });

  it('refuses a key that would need a file and a folder of the same name, as a terminal StorageError', async () => {
    const { lake, cleanup } = await makeLocalLake();
    try {
      await lake.put('x/y', 'file');
      const error = await lake.put('x/y/z', 'under a file').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).retriable).toBe(false);
      expect((error as StorageError).message).toContain('a file and a folder would share a name');
      const reverse = await lake.put('x', 'over a folder').catch((e: unknown) => e);
      expect((reverse as StorageError).message).toContain('a file and a folder would share a name');
    } finally {
      await cleanup();
    }
  });
});
