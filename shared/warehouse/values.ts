/**
 * Result conversions both backends share, so a query returns the same plain JS on either.
 */

/** An integer as a number when it is exactly representable, else its decimal text. */
export function plainInteger(value: bigint | string): number | string {
  const big = typeof value === 'bigint' ? value : BigInt(value);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(big)
    : big.toString();
}

/** Decimal text without trailing fractional zeros: DuckDB prints DECIMAL(38, 9) as '1.500000000', BigQuery as '1.5'. */
export function plainDecimal(text: string): string {
  if (!text.includes('.')) return text;
  const trimmed = text.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed === '-0' ? '0' : trimmed;
}

/** An instant as ISO-8601 UTC with millisecond precision (what `Date#toISOString` prints). */
export function plainTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
