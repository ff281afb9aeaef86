import { execFile } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

/** The dev broker's TLS identity: a PKCS12 keystore for Kafka and the certificate as PEM for clients. */
export interface BrokerCertificate {
  /** PKCS12 keystore holding the key and the self-signed certificate (`ssl.keystore.location`). */
  keystoreFile: string;
  keystorePassword: string;
  /** The certificate in PEM: what a client trusts (`KAFKA_SSL_CA_FILE`). */
  caFile: string;
}

/** A certificate this close to its end is made anew. */
const RENEW_BEFORE_MS = 30 * 24 * 3_600_000;

function javaTool(name: string, env: NodeJS.ProcessEnv): string {
  return env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', name) : name;
}

/**
 * A self-signed certificate for 127.0.0.1 (SAN IP:127.0.0.1 and DNS:localhost, EC P-256, 825
 * days), made once with the JDK's `keytool` and kept in `<cacheDir>/kafka-tls`, so that only the
 * first broker start on a machine pays for the two keytool runs. Reused while it has more than 30
 * days to live; never committed (the cache is outside the repository). Brokers starting in
 * parallel each build in a temp folder and rename it into place; the first rename wins and the
 * others use it.
 *
 * @throws Error with keytool's output when keytool is missing or fails.
 */
export async function brokerCertificate(
  cacheDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<BrokerCertificate> {
  const dir = path.join(cacheDir, 'kafka-tls');
  const cached = readCached(dir);
  if (cached) return cached;

  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(cacheDir, 'kafka-tls.tmp-'));
  try {
    const password = randomBytes(18).toString('base64url');
    const keystore = path.join(staging, 'broker.p12');
    const store = ['-keystore', keystore, '-storetype', 'PKCS12', '-storepass', password];
    // One PBKDF2 iteration instead of 10,000 for the key, the certificate and the MAC: the
    // broker's cold JVM spends about 0.25 s deriving keys from a default keystore on every start
    // (measured), and this throwaway dev key lies beside its password file anyway.
    const fastPkcs12 = ['keyPbeIterationCount', 'certPbeIterationCount', 'macIterationCount'].map(
      (property) => `-J-Dkeystore.pkcs12.${property}=1`,
    );
    await run(javaTool('keytool', env), [
      ...fastPkcs12,
      '-genkeypair',
      '-alias',
      'broker',
      '-keyalg',
      'EC',
      '-groupname',
      'secp256r1',
      '-dname',
      'CN=market-data dev broker',
      '-ext',
      'SAN=IP:127.0.0.1,DNS:localhost',
      '-validity',
      '825',
      ...store,
      '-keypass',
      password,
    ]);
    await run(javaTool('keytool', env), [
      '-exportcert',
      '-rfc',
      '-alias',
      'broker',
      ...store,
      '-file',
      path.join(staging, 'ca.pem'),
    ]);
    fs.writeFileSync(path.join(staging, 'keystore-password'), password, { mode: 0o600 });
    if (fs.existsSync(dir)) fs.rmSync(dir, { recursive: true, force: true }); // expired or incomplete
    try {
      fs.renameSync(staging, dir);
    } catch (error) {
      // Another start renamed its copy in first: use that one.
      if (!readCached(dir)) throw error;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  const made = readCached(dir);
  if (!made) throw new Error(`kafka TLS: ${dir} is incomplete after keytool ran`);
  return made;
}

function readCached(dir: string): BrokerCertificate | undefined {
  const caFile = path.join(dir, 'ca.pem');
  const keystoreFile = path.join(dir, 'broker.p12');
  const passwordFile = path.join(dir, 'keystore-password');
  if (![caFile, keystoreFile, passwordFile].every((file) => fs.existsSync(file))) return undefined;
  try {
    const certificate = new X509Certificate(fs.readFileSync(caFile));
    if (Date.parse(certificate.validTo) - Date.now() < RENEW_BEFORE_MS) return undefined;
  } catch {
    return undefined;
  }
  return { keystoreFile, keystorePassword: fs.readFileSync(passwordFile, 'utf8'), caFile };
}

async function run(command: string, args: string[]): Promise<void> {
  try {
    await promisify(execFile)(command, args, { timeout: 60_000 });
  } catch (error) {
    const failure = error as Error & { stdout?: string; stderr?: string };
    // keytool echoes no passwords, but the arguments hold one: name the step, not the command line.
    throw new Error(
      `keytool ${args[0]} failed: ${failure.message.split('\n')[0]!.replace(/(-storepass|-keypass) \S+/g, '$1 ***')}\n${failure.stdout ?? ''}${failure.stderr ?? ''}`,
    );
  }
}
