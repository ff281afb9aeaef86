import { takeStandIns } from './standin-registry';

/** jest globalTeardown of the `integration` project: stops what global-setup.ts started. */
export default async function globalTeardown(): Promise<void> {
  const standIns = takeStandIns();
  if (!standIns) return;
  const started = Date.now();
  await standIns.stop();
  process.stdout.write(`stand-ins stopped in ${Date.now() - started} ms\n`);
}
