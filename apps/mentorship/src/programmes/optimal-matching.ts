/**
 * The matching run's core: assign mentees to mentors so that the total match quality is as large as
 * possible, no mentor above her capacity and every pair allowed by the hard constraints (the caller
 * passes only allowed pairs as edges).
 *
 * Method: minimum-cost flow by successive shortest paths. source → mentee (capacity 1) → mentor
 * (capacity 1, cost −quality) → sink (capacity = her seats). A mentor node with a capacity-c arc to the
 * sink is the expanded capacity graph (c copies of her, one per seat) with the copies merged: every
 * seat of hers is worth the same, so the copies are interchangeable and merging them loses nothing.
 * Each phase is one Dijkstra over reduced costs (Johnson potentials; the first potentials come from
 * the graph being a DAG), stopped as soon as the sink is settled, then a blocking flow along every
 * path of zero reduced cost (all of them cheapest). Augmenting stops when the
 * cheapest path would no longer lower the cost, i.e. no further pairing or re-pairing raises the
 * total. Successive shortest paths keep the flow minimum-cost for its size at every step, so the
 * result is optimal — unlike greedy, it moves an earlier pair to another mentor when that makes room
 * for two good pairs instead of one. Why not the Hungarian method on the expanded n×(Σ capacity)
 * matrix: that is O(n³) over a dense matrix (10,000 × ~6,000 here), where the flow works on the
 * sparse graph of allowed pairs and touches only what an augmentation reaches.
 */

export interface MatchingEdge {
  mentee: number;
  mentor: number;
  /** Higher is better; must be > 0 for the pair to be worth making. */
  quality: number;
}

export interface MatchingResult {
  /** [mentee, mentor] index pairs. */
  pairs: [number, number][];
  total: number;
}

/** Qualities carry one decimal; the flow works in integer tenths so that sums are exact. */
const SCALE = 10;

export function optimalMatching(menteeCount: number, capacities: readonly number[], edges: readonly MatchingEdge[]): MatchingResult {
  const mentorCount = capacities.length;
  const source = menteeCount + mentorCount;
  const sink = source + 1;
  const nodes = sink + 1;
  const arcCount = 2 * (menteeCount + edges.length + mentorCount);
  const to = new Int32Array(arcCount);
  const cap = new Int32Array(arcCount);
  const cost = new Float64Array(arcCount);
  const next = new Int32Array(arcCount);
  const head = new Int32Array(nodes).fill(-1);
  let arcs = 0;
  const addArc = (u: number, v: number, c: number, w: number): void => {
    to[arcs] = v; cap[arcs] = c; cost[arcs] = w; next[arcs] = head[u]; head[u] = arcs++;
    to[arcs] = u; cap[arcs] = 0; cost[arcs] = -w; next[arcs] = head[v]; head[v] = arcs++;
  };
  const mentorNode = (j: number): number => menteeCount + j;

  // First potentials: shortest distances from the source in the DAG (the arcs' reduced costs are then ≥ 0).
  const potential = new Float64Array(nodes);
  let sinkPotential = 0;
  for (let i = 0; i < menteeCount; i++) addArc(source, i, 1, 0);
  for (const e of edges) {
    if (e.quality <= 0) continue;
    const w = -Math.round(e.quality * SCALE);
    addArc(e.mentee, mentorNode(e.mentor), 1, w);
    if (w < potential[mentorNode(e.mentor)]) potential[mentorNode(e.mentor)] = w;
  }
  for (let j = 0; j < mentorCount; j++) {
    if (capacities[j] > 0) addArc(mentorNode(j), sink, capacities[j], 0);
    if (capacities[j] > 0 && potential[mentorNode(j)] < sinkPotential) sinkPotential = potential[mentorNode(j)];
  }
  potential[sink] = sinkPotential;

  const dist = new Float64Array(nodes).fill(Infinity);
  const settled = new Uint8Array(nodes);
  const viaArc = new Int32Array(nodes);
  const heap = new MinHeap(nodes);
  const touched: number[] = [];

  for (;;) {
    for (const v of touched) {
      dist[v] = Infinity;
      settled[v] = 0;
    }
    touched.length = 0;
    dist[source] = 0;
    touched.push(source);
    heap.clear();
    heap.push(source, 0);
    let reached = false;
    while (heap.size > 0) {
      const u = heap.popNode();
      if (settled[u]) continue;
      settled[u] = 1;
      if (u === sink) {
        reached = true;
        break;
      }
      const du = dist[u];
      for (let a = head[u]; a !== -1; a = next[a]) {
        if (cap[a] === 0) continue;
        const v = to[a];
        if (settled[v]) continue;
        const nd = du + cost[a] + potential[u] - potential[v];
        if (nd < dist[v]) {
          if (dist[v] === Infinity) touched.push(v);
          dist[v] = nd;
          viaArc[v] = a;
          heap.push(v, nd);
        }
      }
    }
    if (!reached) break;
    const dSink = dist[sink];
    // Settled nodes move by their distance, the rest by the sink's: reduced costs stay ≥ 0.
    for (let v = 0; v < nodes; v++) potential[v] += settled[v] ? dist[v] : dSink;
    // The true cost of the cheapest augmenting path: pairing along it would not raise the total.
    if (potential[sink] - potential[source] >= 0) break;
    // Every source → sink path of zero reduced cost is a cheapest one: augment along as many as there
    // are (a blocking flow over those arcs), each keeping the flow minimum-cost, before the next Dijkstra.
    // Cohorts have many ties, so this cuts thousands of Dijkstra passes to a few dozen.
    augmentCheapest();
  }

  function augmentCheapest(): void {
    const current = Int32Array.from(head);
    const dead = new Uint8Array(nodes);
    const onPath = new Uint8Array(nodes);
    const path: number[] = [];
    let u = source;
    for (;;) {
      if (u === sink) {
        for (const a of path) {
          cap[a] -= 1;
          cap[a ^ 1] += 1;
        }
        for (const a of path) onPath[to[a]] = 0;
        path.length = 0;
        u = source;
        continue;
      }
      let advanced = false;
      for (let a = current[u]; a !== -1; a = next[a]) {
        current[u] = a;
        const v = to[a];
        if (cap[a] === 0 || dead[v] || onPath[v] || v === source) continue;
        if (cost[a] + potential[u] - potential[v] !== 0) continue;
        path.push(a);
        onPath[v] = 1;
        u = v;
        advanced = true;
        break;
      }
      if (advanced) continue;
      current[u] = -1;
      dead[u] = 1;
      if (u === source) return;
      const back = path.pop()!;
      onPath[u] = 0;
      u = to[back ^ 1];
    }
  }

  const pairs: [number, number][] = [];
  let total = 0;
  for (let i = 0; i < menteeCount; i++) {
    for (let a = head[i]; a !== -1; a = next[a]) {
      const v = to[a];
      // A forward mentee → mentor arc (even index) that carries the flow.
      if ((a & 1) === 0 && v >= menteeCount && v < source && cap[a] === 0) {
        pairs.push([i, v - menteeCount]);
        total += -cost[a];
      }
    }
  }
  return { pairs, total: total / SCALE };
}

/** The baseline: best pairs first, each taken when both sides are still free. */
export function greedyMatching(menteeCount: number, capacities: readonly number[], edges: readonly MatchingEdge[]): MatchingResult {
  const left = [...capacities];
  const taken = new Uint8Array(menteeCount);
  const pairs: [number, number][] = [];
  let total = 0;
  for (const e of [...edges].sort((a, b) => b.quality - a.quality)) {
    if (e.quality <= 0 || taken[e.mentee] || left[e.mentor] === 0) continue;
    taken[e.mentee] = 1;
    left[e.mentor] -= 1;
    pairs.push([e.mentee, e.mentor]);
    total += Math.round(e.quality * SCALE);
  }
  return { pairs, total: total / SCALE };
}

/** A binary min-heap of (node, key) with lazy deletion. */
class MinHeap {
  private nodes: Int32Array;
  private keys: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.nodes = new Int32Array(Math.max(16, capacity));
    this.keys = new Float64Array(Math.max(16, capacity));
  }

  clear(): void {
    this.size = 0;
  }

  push(node: number, key: number): void {
    if (this.size === this.nodes.length) {
      const nodes = new Int32Array(this.nodes.length * 2);
      nodes.set(this.nodes);
      const keys = new Float64Array(this.keys.length * 2);
      keys.set(this.keys);
      this.nodes = nodes;
      this.keys = keys;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent] <= key) break;
      this.nodes[i] = this.nodes[parent];
      this.keys[i] = this.keys[parent];
      i = parent;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
  }

  popNode(): number {
    const top = this.nodes[0];
    const lastNode = this.nodes[--this.size];
    const lastKey = this.keys[this.size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[child + 1] < this.keys[child]) child++;
      if (this.keys[child] >= lastKey) break;
      this.nodes[i] = this.nodes[child];
      this.keys[i] = this.keys[child];
      i = child;
    }
    this.nodes[i] = lastNode;
    this.keys[i] = lastKey;
    return top;
  }
}
