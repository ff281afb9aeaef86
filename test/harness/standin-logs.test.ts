import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { standInLogDir } from './standin-logs';

describe('standInLogDir', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'standin-logs-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('makes one folder per run under test-artifacts/standins and keeps only the newest five', () => {
    const parent = path.join(root, 'test-artifacts', 'standins');
    fs.mkdirSync(parent, { recursive: true });
    for (let day = 1; day <= 6; day += 1)
      fs.mkdirSync(path.join(parent, `202401${String(day).padStart(2, '0')}T000000-1`));
    fs.writeFileSync(path.join(parent, 'README'), 'not a run folder');

    const dir = standInLogDir(root, new Date('2024-02-03T04:05:06.789Z'));

    expect(dir).toBe(path.join(parent, `20240203T040506-${process.pid}`));
    expect(fs.readdirSync(parent).sort()).toEqual([
      '20240103T000000-1',
      '20240104T000000-1',
      '20240105T000000-1',
      '20240106T000000-1',
      `20240203T040506-${process.pid}`,
      'README',
    ]);
  });
});
