/**
 * @internal Arguments shared by several modules (not re-exported by the
 * package index): group labels and partitions, as the native layer takes them.
 */
import type * as native from '../native.js';
import type { Communities } from './community.js';
import { invalid } from './errors.js';
import type { Graph, NodeId } from './graph.js';
import type { Groups } from './ona.js';

/** Labels in node order from an array or a `Map` from node id. */
export function labels<Id extends NodeId>(g: Graph<Id>, name: string, v: unknown): (string | null)[] {
  if (Array.isArray(v)) {
    if (!v.every((x) => x === null || typeof x === 'string')) throw invalid(`${name}: labels must be strings or null`);
    return v as (string | null)[];
  }
  if (v instanceof Map) {
    const out: (string | null)[] = new Array<string | null>(g.numberOfNodes()).fill(null);
    for (const [id, x] of v as Map<Id, unknown>) {
      if (x !== null && typeof x !== 'string') throw invalid(`${name}: labels must be strings or null`);
      out[g.indexOf(id)] = x as string | null;
    }
    return out;
  }
  throw invalid(`${name} must be an attribute name, an array of labels in node order or a Map from node ids`);
}

export function groupsIn<Id extends NodeId>(g: Graph<Id>, groups: Groups<Id>): native.GroupsIn {
  return typeof groups === 'string' ? { name: groups } : { values: labels(g, 'groups', groups) };
}

/** A partition as one label per node. */
export function partitionLabels<Id extends NodeId>(g: Graph<Id>, name: string, p: Communities<Id>): Uint32Array {
  if (p instanceof Uint32Array) return p;
  if (Array.isArray(p) && p.every((x) => typeof x === 'number')) {
    if (!p.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffffffff)) throw invalid(`${name}: labels must be integers in [0, 2^32)`);
    return Uint32Array.from(p as number[]);
  }
  if (p === null || typeof (p as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw invalid(`${name} must be one label per node or an iterable of node-id collections`);
  }
  const out = new Uint32Array(g.numberOfNodes()).fill(0xffffffff);
  let c = 0;
  for (const community of p as Iterable<Iterable<Id>>) {
    for (const id of community) {
      const v = g.indexOf(id);
      if (out[v] !== 0xffffffff) throw invalid(`${name}: node ${String(id)} is in two communities`);
      out[v] = c;
    }
    c++;
  }
  const missing = out.indexOf(0xffffffff);
  if (missing >= 0) throw invalid(`${name}: node ${String(g.nodeIds()[missing])} is in no community`);
  return out;
}
