import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { startKafkaBroker } from './kafka';
import { kafkaSaslAnswers } from './kafka-probe';
import { standInPaths } from './paths';

const logDir = process.env.TEST_STANDIN_LOG_DIR ?? path.join(os.tmpdir(), 'market-data-standins');
const repoRoot = path.resolve(__dirname, '..', '..');

describe('kafka broker stand-in with a SASL_SSL listener (live: its own broker, restarted)', () => {
  it('describes the listener, keeps its keys out of the repository, and keeps users and port across a restart', async () => {
    const broker = await startKafkaBroker({ logDir, saslSsl: true });
    try {
      const sasl = broker.saslSsl!;
      expect(sasl.brokers).toEqual([`127.0.0.1:${sasl.port}`]);
      expect(sasl.port).not.toBe(broker.port);
      // The certificate names 127.0.0.1, lives in the stand-in cache (never in the repository).
      const certificate = new X509Certificate(fs.readFileSync(sasl.caFile));
      expect(certificate.subjectAltName).toContain('IP Address:127.0.0.1');
      expect(path.relative(standInPaths().cacheDir, sasl.caFile).startsWith('..')).toBe(false);
      expect(path.relative(repoRoot, sasl.caFile).startsWith('..')).toBe(true);
      // Random passwords; PLAIN and SCRAM users differ.
      expect(sasl.plain.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(sasl.scram.password).not.toBe(sasl.plain.password);
      // The data dir's secrets are the owner's alone.
      expect(fs.statSync(path.join(broker.dataDir, 'server.properties')).mode & 0o077).toBe(0);
      expect(fs.statSync(path.join(broker.dataDir, 'sasl-users.json')).mode & 0o077).toBe(0);

      const ca = fs.readFileSync(sasl.caFile, 'utf8');
      await broker.restart();
      expect(broker.saslSsl).toEqual(sasl);
      await expect(kafkaSaslAnswers(sasl.brokers, { ca, ...sasl.scram })).resolves.toBe(true);
      await expect(
        kafkaSaslAnswers(sasl.brokers, { ca, username: sasl.scram.username, password: 'wrong' }),
      ).rejects.toThrow(/authentication failed/i);
    } finally {
      await broker.stop({ removeData: true });
    }
  }, 120_000);
});
