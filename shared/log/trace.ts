/** Bindings that tie log lines to a Cloud Trace trace; pass them to `logger.child(...)`. */
export interface TraceBindings {
  /** `projects/<project>/traces/<32 hex>` (the bare id when no project is known). */
  trace: string;
  /** 16 hex digits, as Cloud Logging's `logging.googleapis.com/spanId` expects. */
  spanId?: string;
  traceSampled?: boolean;
}

const cloudTrace = /^([0-9a-f]{32})(?:\/(\d{1,20}))?(?:;o=([0-9]+))?$/i;
const traceparent = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/i;

/**
 * Parses the trace header of an incoming request: Google's `X-Cloud-Trace-Context`
 * (`TRACE_ID/SPAN_ID;o=1`, span id in decimal) or, as Cloud Run also sends, W3C `traceparent`
 * (`00-TRACE_ID-SPAN_ID-01`). Returns undefined for a missing, malformed or all-zero header, so
 * `log.child(parseTraceHeader(h, project) ?? {})` is always safe.
 */
export function parseTraceHeader(
  header: string | undefined | null,
  projectId: string | undefined,
): TraceBindings | undefined {
  const value = header?.trim() ?? '';
  let traceId: string;
  let spanId: string | undefined;
  let sampled: boolean | undefined;
  const cloud = cloudTrace.exec(value);
  const w3c = cloud ? null : traceparent.exec(value);
  if (cloud) {
    traceId = cloud[1]!.toLowerCase();
    spanId = cloud[2] === undefined ? undefined : decimalSpanToHex(cloud[2]);
    sampled = cloud[3] === undefined ? undefined : (Number(cloud[3]) & 1) === 1;
  } else if (w3c) {
    traceId = w3c[1]!.toLowerCase();
    spanId = w3c[2]!.toLowerCase();
    sampled = (parseInt(w3c[3]!, 16) & 1) === 1;
  } else {
    return undefined;
  }
  if (/^0+$/.test(traceId)) return undefined;
  return {
    trace: projectId ? `projects/${projectId}/traces/${traceId}` : traceId,
    ...(spanId === undefined || /^0+$/.test(spanId) ? {} : { spanId }),
    ...(sampled === undefined ? {} : { traceSampled: sampled }),
  };
}

function decimalSpanToHex(decimal: string): string | undefined {
  const span = BigInt(decimal);
  return span >= 1n << 64n ? undefined : span.toString(16).padStart(16, '0');
}
