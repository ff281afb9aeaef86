/**
 * Reads the deploy config file named by DEPLOY_CONFIG (main.ts, trigger.ts and cdktf/deploy pass
 * the variable in): one place that turns a path into a parsed, validated `DeployConfig`.
 */
import { readFileSync } from 'node:fs';
import { parseDeployConfig, type DeployConfig } from './config';

/** Throws naming DEPLOY_CONFIG when `path` is unset, unreadable or not JSON; parse errors list every bad key. */
export function readDeployConfig(path: string | undefined): DeployConfig {
  if (path === undefined || path.trim() === '') {
    throw new Error('DEPLOY_CONFIG must name the deploy config file (cdktf/deploy.example.json shows every key)');
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`DEPLOY_CONFIG=${path}: cannot read it (${(error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`DEPLOY_CONFIG=${path}: not JSON (${(error as Error).message})`);
  }
  return parseDeployConfig(raw);
}
