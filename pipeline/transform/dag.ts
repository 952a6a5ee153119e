// Orders models by their refs and selects subsets the dbt way: `name`, `+name` (with upstream), `name+`
// (with downstream), `+name+`, comma- or space-separated.

export interface Node {
  name: string;
  refs: string[];
}

export class DagError extends Error {
  override name = "DagError";
}

/** Kahn's algorithm; ties broken by name so the order is stable. */
export function topologicalOrder(nodes: Node[]): string[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const indegree = new Map(nodes.map((n) => [n.name, 0]));
  const children = new Map<string, string[]>(nodes.map((n) => [n.name, []]));
  for (const n of nodes) {
    for (const r of n.refs) {
      if (!byName.has(r)) throw new DagError(`${n.name} depends on unknown model ${r}`);
      indegree.set(n.name, (indegree.get(n.name) ?? 0) + 1);
      children.get(r)!.push(n.name);
    }
  }
  const ready = [...indegree]
    .filter(([, d]) => d === 0)
    .map(([n]) => n)
    .sort();
  const order: string[] = [];
  while (ready.length > 0) {
    const name = ready.shift()!;
    order.push(name);
    for (const child of children.get(name)!) {
      indegree.set(child, indegree.get(child)! - 1);
      if (indegree.get(child) === 0) {
        ready.push(child);
        ready.sort();
      }
    }
  }
  if (order.length !== nodes.length) {
    const stuck = nodes.filter((n) => !order.includes(n.name)).map((n) => n.name);
    throw new DagError(`Models form a cycle: ${stuck.join(", ")}`);
  }
  return order;
}

function closure(start: string, next: (name: string) => string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...next(name));
  }
  return seen;
}

/** The models a selector names; undefined or empty selects everything. */
export function select(nodes: Node[], selector: string | undefined): Set<string> {
  const all = new Set(nodes.map((n) => n.name));
  if (!selector || selector.trim() === "") return all;
  const parents = (name: string) => nodes.find((n) => n.name === name)?.refs ?? [];
  const childrenOf = (name: string) => nodes.filter((n) => n.refs.includes(name)).map((n) => n.name);
  const chosen = new Set<string>();
  for (const term of selector.split(/[\s,]+/).filter(Boolean)) {
    const up = term.startsWith("+");
    const down = term.endsWith("+");
    const name = term.replace(/^\+|\+$/g, "");
    if (!all.has(name)) throw new DagError(`--select names unknown model ${name}`);
    chosen.add(name);
    if (up) closure(name, parents).forEach((n) => chosen.add(n));
    if (down) closure(name, childrenOf).forEach((n) => chosen.add(n));
  }
  return chosen;
}
