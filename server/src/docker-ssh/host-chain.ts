// Jump-host chains are data an admin edits, so every change is checked against the whole
// registry: no loops, no dangling references, at most MAX_JUMP_HOSTS hops in front of any host.

export const MAX_JUMP_HOSTS = 3;

export interface ChainNode {
  id: number;
  name: string;
  jumpHostId: number | null;
}

/**
 * The hosts to connect through to reach `id`, the first hop first and `id` itself last.
 * Throws a message naming the hosts when the chain loops, dangles or is too long.
 */
export function connectionPath(nodes: ReadonlyMap<number, ChainNode>, id: number): ChainNode[] {
  const path: ChainNode[] = [];
  let current = nodes.get(id);
  if (!current) throw new ChainError(`SSH host ${id} does not exist`);
  while (current) {
    if (path.some((n) => n.id === current!.id)) {
      throw new ChainError(`jump hosts form a loop: ${[...path, current].map((n) => `'${n.name}'`).join(' → ')}`);
    }
    path.push(current);
    if (path.length > MAX_JUMP_HOSTS + 1) {
      throw new ChainError(`'${path[0].name}' would need more than ${MAX_JUMP_HOSTS} jump hosts: ${path.map((n) => `'${n.name}'`).join(' → ')}`);
    }
    if (current.jumpHostId === null) break;
    const next = nodes.get(current.jumpHostId);
    if (!next) throw new ChainError(`jump host ${current.jumpHostId} of '${current.name}' does not exist`);
    current = next;
  }
  return path.reverse();
}

/** Checks every host's chain after `changed` replaces (or adds) one node. Returns the first problem, or null. */
export function chainProblemAfter(nodes: readonly ChainNode[], changed: ChainNode): string | null {
  const map = new Map(nodes.map((n) => [n.id, n]));
  map.set(changed.id, changed);
  for (const id of map.keys()) {
    try {
      connectionPath(map, id);
    } catch (error) {
      if (error instanceof ChainError) return error.message;
      throw error;
    }
  }
  return null;
}

export class ChainError extends Error {}
