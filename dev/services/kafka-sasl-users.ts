import { pbkdf2Sync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The dev broker's SASL users; passwords are random for each data dir. */
export interface SaslUsers {
  /** The PLAIN user (a JAAS `user_<name>` entry of the listener). */
  plain: { username: string; password: string };
  /** The SCRAM user, with both SCRAM-SHA-256 and SCRAM-SHA-512 credentials in the metadata log. */
  scram: { username: string; password: string };
  /** A subject for unsecured-JWT OAUTHBEARER tokens (the broker checks no password for it). */
  oauthPrincipal: string;
}

const USERS_FILE = 'sasl-users.json';

/**
 * The SASL users of the broker in `dataDir`. When its storage is about to be formatted
 * (`formatting`), new users with random passwords (base64url: nothing JAAS or the SCRAM argument
 * syntax would have to escape), written to `<dataDir>/sasl-users.json` (mode 0600) so a restart
 * of the same data dir keeps them; otherwise the users written then, or `undefined` for a data dir
 * formatted without a SASL_SSL listener (its metadata log has no SCRAM users).
 */
export function readOrCreateSaslUsers(dataDir: string, formatting: boolean): SaslUsers | undefined {
  const file = path.join(dataDir, USERS_FILE);
  if (!formatting) return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SaslUsers) : undefined;
  const password = () => randomBytes(18).toString('base64url');
  const users: SaslUsers = {
    plain: { username: 'md-plain', password: password() },
    scram: { username: 'md-scram', password: password() },
    oauthPrincipal: 'md-oauth',
  };
  fs.writeFileSync(file, JSON.stringify(users), { mode: 0o600 });
  return users;
}

const SCRAM = [
  { mechanism: 'SCRAM-SHA-256', digest: 'sha256', bytes: 32 },
  { mechanism: 'SCRAM-SHA-512', digest: 'sha512', bytes: 64 },
] as const;

/** Kafka's least (and default) SCRAM iteration count. */
const SCRAM_ITERATIONS = 4096;

/**
 * `kafka-storage format` arguments that put the SCRAM user's credentials into the metadata log.
 * The salted password (RFC 5802 Hi(), i.e. PBKDF2 with the mechanism's hash) is computed here, in
 * native code, and handed over as `saltedpassword`: given the plain password, the storage tool's
 * cold JVM spends 0.13-0.17 s on the two derivations (measured), on the broker's start path.
 * `salt` is random unless given (tests).
 */
export function scramFormatArgs(users: SaslUsers | undefined, salt: Buffer = randomBytes(16)): string[] {
  if (!users) return [];
  const { username, password } = users.scram;
  return SCRAM.flatMap(({ mechanism, digest, bytes }) => {
    const salted = pbkdf2Sync(password, salt, SCRAM_ITERATIONS, bytes, digest);
    return [
      '--add-scram',
      `${mechanism}=[name=${username},iterations=${SCRAM_ITERATIONS},salt="${salt.toString('base64')}",saltedpassword="${salted.toString('base64')}"]`,
    ];
  });
}
