/**
 * Pure graph logic for `depends_on` (issue 17): a start order where every node comes after what
 * it depends on, and the first cycle found, as a path that ends where it began. No config, no IO:
 * nodes are strings, edges are node → the nodes it depends on.
 */

export type DependencyEdges = ReadonlyMap<string, readonly string[]>;

/**
 * A cycle as a path `[a, b, a]`, or undefined. Nodes are visited in `nodes` order and edges in
 * their listed order, so the same config always names the same cycle.
 */
export function findCycle(nodes: readonly string[], edges: DependencyEdges): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (node: string): string[] | undefined => {
    if (onPath.has(node)) return [...path.slice(path.indexOf(node)), node];
    if (done.has(node)) return undefined;
    path.push(node);
    onPath.add(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(node);
    done.add(node);
    return undefined;
  };
  for (const node of nodes) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * `nodes` reordered so that each comes after its dependencies, otherwise keeping the given order
 * (the caller's priority order stays where depends_on says nothing). Edges to nodes outside
 * `nodes` are ignored; a cycle must have been refused before (its nodes keep their order).
 */
export function dependencyOrder(nodes: readonly string[], edges: DependencyEdges): string[] {
  const present = new Set(nodes);
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const order: string[] = [];
  const place = (node: string): void => {
    if (placed.has(node) || visiting.has(node)) return;
    visiting.add(node);
    for (const next of edges.get(node) ?? []) if (present.has(next)) place(next);
    visiting.delete(node);
    placed.add(node);
    order.push(node);
  };
  for (const node of nodes) place(node);
  return order;
}
