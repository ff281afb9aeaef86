/**
 * Validation of Crunchbase candidates: the `Organization` / `FundingRound` contracts of
 * shared/schemas/organization.ts, plus two sanity rules the contracts cannot see: no date after
 * today (`future_date`) and one row per uuid within a batch (`duplicate_key`, which would make the
 * MERGE ambiguous). Reasons are zod-shaped ValidationIssues. Pure: "today" is an argument.
 */
import type { z } from 'zod';
import {
  FundingRound,
  Organization,
  type FundingRoundCandidate,
  type OrganizationCandidate,
} from '../../schemas/organization';
import { toIssues, type ValidationIssue } from '../../schemas/quarantine';
import type { RecordProblem } from '../../sources/types';
import type { ValidationResult } from '../loop/types';

function futureDates(row: Record<string, unknown>, fields: readonly string[], today: string): ValidationIssue[] {
  return fields.flatMap((field) => {
    const value = row[field];
    return typeof value === 'string' && value > today
      ? [{ path: field, code: 'future_date', message: `${field} ${value} is after today (${today})` }]
      : [];
  });
}

function validateAll<T extends { uuid: string }>(
  schema: z.ZodType<T>,
  rows: readonly unknown[],
  dateFields: readonly string[],
  today: string,
): ValidationResult<T> {
  const result: ValidationResult<T> = { valid: [], rejected: [] };
  const seen = new Set<string>();
  rows.forEach((record, index) => {
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      result.rejected.push({ index, record, issues: toIssues(parsed.error) });
      return;
    }
    const issues = futureDates(parsed.data as Record<string, unknown>, dateFields, today);
    if (seen.has(parsed.data.uuid))
      issues.push({
        path: 'uuid',
        code: 'duplicate_key',
        message: `uuid ${parsed.data.uuid} appears more than once in the batch`,
      });
    if (issues.length > 0) result.rejected.push({ index, record, issues });
    else {
      seen.add(parsed.data.uuid);
      result.valid.push(parsed.data);
    }
  });
  return result;
}

/** Organizations against the contract; founded_on and last_funding_at must not be after `today`. */
export function validateOrganizations(
  rows: readonly OrganizationCandidate[],
  today: string,
): ValidationResult<Organization> {
  return validateAll(Organization, rows, ['founded_on', 'last_funding_at'], today);
}

/** Funding rounds against the contract; announced_on must not be after `today`. */
export function validateFundingRounds(
  rows: readonly FundingRoundCandidate[],
  today: string,
): ValidationResult<FundingRound> {
  return validateAll(FundingRound, rows, ['announced_on'], today);
}

/** A valid round as its `funding_rounds` row. */
export function fundingRoundRow(round: FundingRound, ingestedAt: string): Record<string, unknown> {
  return { ...round, ingested_at: ingestedAt };
}

/**
 * An organization page's card rounds as related rows: the valid ones for `funding_rounds`, and as
 * rejects both the card items normalize could not map (`problems`, their card paths) and the rounds
 * failing validation (`fundingRounds.<i>`: the index among the mapped rounds).
 */
export function cardRounds(
  rounds: readonly FundingRoundCandidate[],
  problems: readonly RecordProblem[],
  ingestedAt: string,
  today: string,
): { rows: Record<string, unknown>[]; rejected: RecordProblem[] } {
  const verdict = validateFundingRounds(rounds, today);
  return {
    rows: verdict.valid.map((round) => fundingRoundRow(round, ingestedAt)),
    rejected: [
      ...problems,
      ...verdict.rejected.map((r) => ({ path: `fundingRounds.${r.index}`, record: r.record, issues: r.issues })),
    ],
  };
}
