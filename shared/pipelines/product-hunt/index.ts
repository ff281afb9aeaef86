/**
 * The Product Hunt pipeline, one folder: `run.ts` wires config -> runtime -> source -> definition
 * -> run loop; `definition.ts` is the PipelineDefinition (products and daily snapshots); `plan.ts`
 * plans the pass and resumes a budget-stopped one; `request.ts` reads the HTTP body.
 */
export { runProductHunt, runProductHuntFromConfig, type ProductHuntHooks } from './run';
export { createProductHuntDefinition, snapshotRows, validateProducts } from './definition';
export {
  advanceProductHuntCursor,
  planProductHunt,
  resolveProductHuntRequest,
  PRODUCT_HUNT_SCOPE,
  type ProductHuntPlanSettings,
} from './plan';
export { parseProductHuntRequest, ProductHuntRequestBody, type ParsedProductHuntRequest } from './request';
