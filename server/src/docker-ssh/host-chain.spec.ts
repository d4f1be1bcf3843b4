import { chainProblemAfter, connectionPath, MAX_JUMP_HOSTS, type ChainNode } from './host-chain';

const node = (id: number, jumpHostId: number | null = null): ChainNode => ({ id, name: `h${id}`, jumpHostId });
const map = (...nodes: ChainNode[]) => new Map(nodes.map((n) => [n.id, n]));

describe('jump host chains', () => {
  it('orders the path from the first jump host to the target', () => {
    expect(connectionPath(map(node(1, 2), node(2, 3), node(3)), 1).map((n) => n.id)).toEqual([3, 2, 1]);
    expect(connectionPath(map(node(1)), 1).map((n) => n.id)).toEqual([1]);
  });

  it(`allows ${MAX_JUMP_HOSTS} jump hosts and refuses a fourth`, () => {
    const three = [node(1, 2), node(2, 3), node(3, 4), node(4)];
    expect(connectionPath(map(...three), 1)).toHaveLength(4);
    expect(() => connectionPath(map(node(1, 2), node(2, 3), node(3, 4), node(4, 5), node(5)), 1)).toThrow(/more than 3 jump hosts/);
  });

  it('refuses loops, including a host that jumps through itself', () => {
    expect(() => connectionPath(map(node(1, 1)), 1)).toThrow(/loop: 'h1' → 'h1'/);
    expect(() => connectionPath(map(node(1, 2), node(2, 1)), 1)).toThrow(/loop: 'h1' → 'h2' → 'h1'/);
    expect(() => connectionPath(map(node(1, 2), node(2, 3), node(3, 2)), 1)).toThrow(/loop/);
  });

  it('refuses dangling jump hosts', () => {
    expect(() => connectionPath(map(node(1, 9)), 1)).toThrow(/jump host 9 of 'h1' does not exist/);
    expect(() => connectionPath(map(), 1)).toThrow(/does not exist/);
  });

  it('checks the hosts that depend on a changed one, not only the changed one', () => {
    // 1 → 2 → 3 (two jumps in front of 1). Giving 3 two jump hosts of its own makes 1's chain four long.
    const registry = [node(1, 2), node(2, 3), node(3), node(4), node(5, 4)];
    expect(chainProblemAfter(registry, node(3, 4))).toBeNull();
    expect(chainProblemAfter(registry, node(3, 5))).toMatch(/'h1' would need more than 3 jump hosts/);
    expect(chainProblemAfter(registry, node(4, 1))).toMatch(/loop|more than 3/);
    expect(chainProblemAfter(registry, node(2, 1))).toMatch(/loop/);
    // A new host (id not yet in the registry).
    expect(chainProblemAfter(registry, node(-1, 1))).toBeNull();
    const longer = registry.map((n) => (n.id === 3 ? node(3, 4) : n));
    expect(chainProblemAfter(longer, node(-1, 1))).toMatch(/'h-1' would need more than 3 jump hosts/);
  });
});
