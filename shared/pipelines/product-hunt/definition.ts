/**
 * The Product Hunt pipeline: the `posts` source -> `products` (MERGE on id) plus one
 * `product_snapshots` row per product per UTC day (MERGE on product_id + snapshot_date), so votes
 * and comments over time survive the MERGE that overwrites `products`. One slice per run (see
 * plan.ts); a stop on the complexity budget stores the page cursor to resume from.
 */
import { Product, ProductSnapshot, type ProductCandidate } from '../../schemas/product';
import { toIssues, type ValidationIssue } from '../../schemas/quarantine';
import {
  ProductHuntRateLimitError,
  type ProductHuntCursor,
  type ProductHuntNormalized,
} from '../../sources/producthunt';
import { products, productSnapshots } from '../../warehouse/tables';
import type { BoundSource } from '../loop/bound-source';
import type { PipelineDefinition, RelatedRows, ValidationResult } from '../loop/types';
import {
  advanceProductHuntCursor,
  planProductHunt,
  PRODUCT_HUNT_SCOPE,
  resolveProductHuntRequest,
  type ProductHuntPlanSettings,
} from './plan';

/**
 * Contract check of one page's candidates: `Product`, plus one row per id (a page that repeats a
 * post would make the MERGE batch ambiguous, which the warehouse rejects as a whole).
 */
export function validateProducts(rows: readonly ProductCandidate[]): ValidationResult<Product> {
  const result: ValidationResult<Product> = { valid: [], rejected: [] };
  const seen = new Set<string>();
  rows.forEach((record, index) => {
    const parsed = Product.safeParse(record);
    if (!parsed.success) {
      result.rejected.push({ index, record, issues: toIssues(parsed.error) });
    } else if (seen.has(parsed.data.id)) {
      result.rejected.push({
        index,
        record,
        issues: [{ path: 'id', code: 'duplicate_key', message: `post ${parsed.data.id} appears twice in one page` }],
      });
    } else {
      seen.add(parsed.data.id);
      result.valid.push(parsed.data);
    }
  });
  return result;
}

/**
 * The snapshot rows of the page's VALID products (a rejected product is quarantined once, as a
 * product; it gets no snapshot), each checked against `ProductSnapshot`.
 */
export function snapshotRows(
  normalized: ProductHuntNormalized,
  valid: readonly Product[],
  ingestedAt: string,
): RelatedRows {
  const ids = new Set(valid.map((p) => p.id));
  const rows: RelatedRows['rows'][number][] = [];
  const rejected: { path: string; record: unknown; issues: ValidationIssue[] }[] = [];
  normalized.snapshots.forEach((snapshot, index) => {
    if (typeof snapshot.product_id !== 'string' || !ids.has(snapshot.product_id)) return;
    const parsed = ProductSnapshot.safeParse(snapshot);
    if (parsed.success) rows.push({ ...parsed.data, ingested_at: ingestedAt });
    else rejected.push({ path: `snapshots.${index}`, record: snapshot, issues: toIssues(parsed.error) });
  });
  return { table: productSnapshots, rows, rejected };
}

/**
 * Builds the Product Hunt definition over the `posts` source bound to its context (HTTP client,
 * log, clock, the `productHunt` config slice) and the planning settings.
 */
export function createProductHuntDefinition(
  source: BoundSource<ProductHuntCursor, ProductCandidate>,
  settings: ProductHuntPlanSettings,
): PipelineDefinition<ProductHuntCursor, ProductCandidate, Product> {
  return {
    name: 'product-hunt',
    source,
    table: products,
    tables: [products, productSnapshots],
    // Snapshots are dated by the UTC day of the fetch (normalize uses the page's receivedAt).
    today: (now) => now.toISOString().slice(0, 10),
    resolve: (request, today) => resolveProductHuntRequest(request, today, settings),
    plan: (request, cursors, today) => planProductHunt(request, cursors.get(PRODUCT_HUNT_SCOPE), today, settings),
    validate: (rows) => validateProducts(rows),
    toWarehouseRow: (product, ingestedAt) => ({ ...product, ingested_at: ingestedAt }),
    advance: advanceProductHuntCursor,
    // The run loop hands over the page's normalize output; Product Hunt's carries the snapshots.
    related: (page, ingestedAt) => [snapshotRows(page.normalized as ProductHuntNormalized, page.valid, ingestedAt)],
    resumeCursor: (error) => (error instanceof ProductHuntRateLimitError ? error.cursor : undefined),
  };
}
