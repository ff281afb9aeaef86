/** Reads a V8 `.cpuprofile` (node --cpu-prof) into a short "where the time goes" table. Pure. */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** The subset of the .cpuprofile JSON this reads. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One row of the summary: a function (or a whole file) and its share of self time. */
export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const repo = url.search(/\/(shared|bench|dev|functions)\//);
  return repo >= 0 ? url.slice(repo + 1) : url.replace(/^file:\/\//, '');
}

/**
 * Self time per function (`by: 'function'`, "name file:line") or per source file (`by: 'file'`;
 * V8's own entries such as (garbage collector) and (program) keep their names), largest first,
 * the top `n`. Sample weights are the profile's time deltas (microseconds).
 */
export function topSelfTime(profile: CpuProfile, n: number, by: 'function' | 'file' = 'function'): SelfTime[] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    if (node === undefined) return;
    const us = Math.max(0, profile.timeDeltas[i] ?? 0);
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url === '' ? `(${functionName.replace(/[()]/g, '') || 'anonymous'})` : shortUrl(url);
    const key = by === 'file' ? file : url === '' ? file : `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    totals.set(key, (totals.get(key) ?? 0) + us);
    all += us;
  });
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, ms: us / 1000, share: all > 0 ? us / all : 0 }));
}
