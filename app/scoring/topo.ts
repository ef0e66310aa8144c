/**
 * Depth-first topological order of nodes 0..n-1 where deps[i] must come before i. Nodes are
 * visited in index order, so the order is deterministic. Every cycle found is reported once.
 */
export function topologicalOrder(deps: number[][]): { order: number[]; cycles: number[][] } {
  const state = new Uint8Array(deps.length); // 0 new, 1 on stack, 2 done
  const order: number[] = [];
  const cycles: number[][] = [];
  // An explicit stack (node, next dependency to look at): a chain of any length uses no call stack.
  const stack: number[] = [];
  const next: number[] = [];
  for (let root = 0; root < deps.length; root++) {
    if (state[root] !== 0) continue;
    state[root] = 1;
    stack.push(root);
    next.push(0);
    while (stack.length) {
      const top = stack.length - 1;
      const i = stack[top];
      const k = next[top];
      if (k < deps[i].length) {
        next[top] = k + 1;
        const d = deps[i][k];
        if (state[d] === 0) {
          state[d] = 1;
          stack.push(d);
          next.push(0);
        } else if (state[d] === 1) cycles.push(stack.slice(stack.indexOf(d)));
        continue;
      }
      stack.pop();
      next.pop();
      state[i] = 2;
      order.push(i);
    }
  }
  return { order, cycles };
}
