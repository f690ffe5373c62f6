/**
 * The matching run's core: assign mentees to mentors so that the total match quality is as large as
 * possible, no mentor above her capacity and every pair allowed by the hard constraints (the caller
 * passes only allowed pairs as edges).
 *
 * Method: minimum-cost flow by successive shortest paths. source → mentee (capacity 1) → mentor
 * (capacity 1, cost −quality) → sink (capacity = her seats). A mentor node with a capacity-c arc to the
 * sink is the expanded capacity graph (c copies of her, one per seat) with the copies merged: every
 * seat of hers is worth the same, so the copies are interchangeable and merging them loses nothing.
 * The graph is held in its bipartite form, not as a generic arc list: each mentee's edges in CSR
 * arrays, and for a mentor only her sink arc and the edges matched to her (her residual arcs), so a
 * popular mentor's hundreds of unused reverse arcs are never scanned.
 * Each phase is one Dijkstra over reduced costs (Johnson potentials; the first potentials come from
 * the graph being a DAG), run backwards from the sink over each mentor's incoming edges (cheapest
 * first, cut at a bound on the source's distance) and stopped once every node at the source's
 * distance is settled, then a blocking flow along every path of zero reduced cost through settled
 * nodes (all of them cheapest). Augmenting stops when the
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

/**
 * Edges as parallel arrays, quality in whole tenths (negative: not an edge): what the matching run
 * builds, so that a 590,000-edge cohort makes no object per edge (they cost more in garbage collection
 * than in building).
 */
export interface EdgeList {
  length: number;
  mentee: Int32Array;
  mentor: Int32Array;
  tenths: Int32Array;
}

/** Qualities carry one decimal; the flow works in integer tenths so that sums are exact. */
const SCALE = 10;
/** A node's state in the augmenting pass (after the phase's Dijkstra: 0 unreached, 1 settled). */
const SETTLED = 1;
const DEAD = 2;
const ON_PATH = 3;

export function optimalMatching(menteeCount: number, capacities: readonly number[], edges: readonly MatchingEdge[] | EdgeList): MatchingResult {
  const list = edgeList(edges);
  const mentorCount = capacities.length;
  // Nodes: mentees 0..n-1, mentors n..n+m-1, the sink n+m, the source n+m+1 (its potential stays 0).
  const sink = menteeCount + mentorCount;
  const source = sink + 1;
  const nodes = sink + 2;
  // Each mentee's edges, contiguous (CSR): edgeMentor[k] and weight[k] (cost = −quality in tenths).
  let usable = 0;
  const first = new Int32Array(menteeCount + 1);
  for (let x = 0; x < list.length; x++) {
    if (list.tenths[x] < 0) continue;
    first[list.mentee[x] + 1]++;
    usable++;
  }
  for (let i = 0; i < menteeCount; i++) first[i + 1] += first[i];
  const fill = first.slice(0, menteeCount);
  const edgeMentor = new Int32Array(usable);
  const weight = new Float64Array(usable);
  for (let x = 0; x < list.length; x++) {
    if (list.tenths[x] < 0) continue;
    const k = fill[list.mentee[x]]++;
    edgeMentor[k] = menteeCount + list.mentor[x];
    weight[k] = -list.tenths[x];
  }
  // The flow: the edge each mentee is matched along (−1: unmatched), each mentor's free seats and the
  // edges matched to her (the only residual arcs leaving a mentor besides the sink's).
  const matchEdge = new Int32Array(menteeCount).fill(-1);
  const free = Int32Array.from(capacities, (c) => Math.max(0, c));
  const held: number[][] = Array.from({ length: mentorCount }, () => []);
  const edgeMentee = new Int32Array(usable);
  for (let i = 0; i < menteeCount; i++) for (let k = first[i]; k < first[i + 1]; k++) edgeMentee[k] = i;

  // First potentials: shortest distances in the DAG source → mentee → mentor → sink (reduced costs ≥ 0).
  const potential = new Float64Array(nodes);
  for (let k = 0; k < usable; k++) if (weight[k] < potential[edgeMentor[k]]) potential[edgeMentor[k]] = weight[k];
  for (let j = 0; j < mentorCount; j++) if (free[j] > 0 && potential[menteeCount + j] < potential[sink]) potential[sink] = potential[menteeCount + j];

  // Each mentor's incoming edges (reverse CSR) for the search from the sink, cheapest (best pair)
  // first: filled in the order of a counting sort by cost. The mentee and cost sit beside the edge.
  const inFirst = new Int32Array(mentorCount + 1);
  for (let k = 0; k < usable; k++) inFirst[edgeMentor[k] - menteeCount + 1]++;
  for (let j = 0; j < mentorCount; j++) inFirst[j + 1] += inFirst[j];
  const inFill = inFirst.slice(0, mentorCount);
  const inEdge = new Int32Array(usable);
  const inMentee = new Int32Array(usable);
  const inWeight = new Float64Array(usable);
  const cost = new Int32Array(usable);
  for (let k = 0; k < usable; k++) cost[k] = -weight[k];
  const cheapestFirst = byTenths(cost, usable);
  for (let y = 0; y < usable; y++) {
    const k = cheapestFirst[y];
    const x = inFill[edgeMentor[k] - menteeCount]++;
    inEdge[x] = k;
    inMentee[x] = edgeMentee[k];
    inWeight[x] = weight[k];
  }

  const dist = new Float64Array(nodes).fill(Infinity);
  // 0: not settled; 1: settled. The augmenting pass reuses it: 2 a dead end, 3 on the current path.
  const state = new Uint8Array(nodes);
  const heap = new MinHeap(nodes);
  // The nodes whose dist/state the phase set, to reset only those.
  const touched = new Int32Array(nodes);
  let touchedCount = 0;
  // The arcs mentee → mentor the phase's Dijkstra found within the bound, per mentee as a linked list
  // (head per mentee, next per arc): every arc of zero reduced cost into a settled mentor is among
  // them, so the augmenting pass reads these few instead of all of a mentee's edges.
  const arcHead = new Int32Array(menteeCount);
  const arcEdge = new Int32Array(usable);
  const arcNext = new Int32Array(usable);
  let arcCount = 0;
  const relax = (v: number, d: number): void => {
    if (d >= dist[v]) return;
    if (dist[v] === Infinity) touched[touchedCount++] = v;
    dist[v] = d;
    heap.push(v, d);
  };
  // Dijkstra runs backwards, from the sink, over the arcs into each node: dist[v] is the reduced cost
  // of v's cheapest way to the sink. Why backwards: the potentials it leaves make exactly the arcs on a
  // cheapest way to the sink tight (zero reduced cost), so the augmenting pass below walks straight to
  // the sink instead of exploring the whole tight plateau around the unmatched mentees, which a
  // forward search leaves tight too (that pass was half the assignment's time).
  for (;;) {
    for (let t = 0; t < touchedCount; t++) {
      dist[touched[t]] = Infinity;
      state[touched[t]] = 0;
    }
    touchedCount = 0;
    arcHead.fill(-1);
    arcCount = 0;
    heap.clear();
    relax(sink, 0);
    let reached = false;
    // An upper bound on the source's distance: first the length past which a path would not raise the
    // total (we stop there anyway), then the best way to an unmatched mentee found so far. A node
    // farther than it is never settled in this phase, so it need not be relaxed.
    let bound = -potential[sink];
    while (heap.size > 0) {
      const u = heap.popNode();
      if (state[u] === SETTLED) continue;
      // Past the source, settle only what lies at its distance (ties): every node of a cheapest path is then settled.
      if (reached && dist[u] > dist[source]) break;
      state[u] = SETTLED;
      if (u === source) {
        reached = true;
        continue;
      }
      // An arc v → u of cost c puts v at dist[u] + c + π(v) − π(u); a settled v is never improved (reduced costs ≥ 0).
      const du = dist[u] - potential[u];
      if (u === sink) {
        for (let j = 0; j < mentorCount; j++) if (free[j] > 0) relax(menteeCount + j, du + potential[menteeCount + j]);
      } else if (u >= menteeCount) {
        // A mentor: from every mentee with an edge to her but the ones matched along it. A mentee's
        // potential is never negative (0 at first, it only grows), so d ≥ du + cost: once an edge's
        // cost puts that past the bound, so would every later (costlier) one. Most are cut there.
        for (let x = inFirst[u - menteeCount], end = inFirst[u - menteeCount + 1]; x < end; x++) {
          if (du + inWeight[x] > bound) break;
          const v = inMentee[x];
          if (matchEdge[v] === inEdge[x]) continue;
          const d = du + inWeight[x] + potential[v];
          if (d > bound) continue;
          arcEdge[arcCount] = inEdge[x];
          arcNext[arcCount] = arcHead[v];
          arcHead[v] = arcCount++;
          if (d < dist[v]) {
            relax(v, d);
            // Unmatched, she reaches the source at d − π(v) (the source arc's reduced cost is −π(v)).
            if (matchEdge[v] === -1 && d - potential[v] < bound) bound = d - potential[v];
          }
        }
      } else {
        // A mentee: from the source when she is unmatched, else from her mentor (giving up her seat).
        const k = matchEdge[u];
        if (k === -1) relax(source, du);
        else relax(edgeMentor[k], du - weight[k] + potential[edgeMentor[k]]);
      }
    }
    if (!reached) break;
    const dSource = dist[source];
    // A settled node moves by its distance's shortfall from the source's, the rest stay (capped at the
    // source's distance): reduced costs stay ≥ 0, and the source's potential stays 0.
    for (let t = 0; t < touchedCount; t++) {
      const v = touched[t];
      if (state[v] === SETTLED) potential[v] += dSource - dist[v];
    }
    // The true cost of the cheapest augmenting path: pairing along it would not raise the total.
    if (potential[sink] >= 0) break;
    // Every path of zero reduced cost is a cheapest one: augment along as many as there are (a blocking
    // flow over them), each keeping the flow minimum-cost, before the next Dijkstra. Cohorts have many
    // ties, so this cuts thousands of Dijkstra passes to a few dozen. One pass can leave some behind (an
    // augmented path turns arcs around, tight ones, that the pass's cursors and dead ends no longer
    // see), so passes repeat until one finds none: a pass costs less than the Dijkstra that would find
    // them, and the bench needs 32 phases instead of 53.
    while (augmentCheapest() > 0) {
      for (let t = 0; t < touchedCount; t++) if (state[touched[t]] === DEAD) state[touched[t]] = SETTLED;
    }
  }

  /**
   * Depth-first over settled nodes and zero-reduced-cost arcs, from each unmatched mentee the source
   * reaches at cost 0; returns how many paths it augmented. A mentee's arcs are the ones the phase's
   * Dijkstra listed for her: every tight arc into a settled mentor is there (its cost is within the
   * bound), and a mentee has a few of them where she has ~60 edges. An arc a path turns around in
   * this phase (her former mentor) is not: the next phase finds what it would have.
   */
  function augmentCheapest(): number {
    let found = 0;
    const nextArc = arcHead.slice();
    const nextHeld = new Int32Array(mentorCount);
    /** The path as the edges taken from mentees, in order; true when it reached the sink. */
    const path: number[] = [];
    const walk = (i: number): boolean => {
      state[i] = ON_PATH;
      const matched = matchEdge[i];
      const pi = potential[i];
      // The cursor lives in a local while scanning (the arcs before it are exhausted for this pass).
      for (let a = nextArc[i]; a !== -1; a = arcNext[a]) {
        const k = arcEdge[a];
        const v = edgeMentor[k];
        // A live settled node, along an arc of zero reduced cost.
        if (k === matched || state[v] !== SETTLED || weight[k] + pi !== potential[v]) continue;
        nextArc[i] = a;
        path.push(k);
        state[v] = ON_PATH;
        const j = v - menteeCount;
        if (free[j] > 0 && potential[v] === potential[sink]) {
          state[v] = SETTLED;
          state[i] = SETTLED;
          return true;
        }
        const list = held[j];
        const pv = potential[v];
        for (; nextHeld[j] < list.length; nextHeld[j]++) {
          const back = list[nextHeld[j]];
          const next = edgeMentee[back];
          if (state[next] !== SETTLED || pv - weight[back] !== potential[next]) continue;
          if (walk(next)) {
            state[v] = SETTLED;
            state[i] = SETTLED;
            return true;
          }
        }
        state[v] = DEAD;
        path.pop();
      }
      state[i] = DEAD;
      return false;
    };
    for (let i = 0; i < menteeCount; i++) {
      if (matchEdge[i] !== -1 || state[i] !== SETTLED || potential[i] !== 0) continue;
      path.length = 0;
      if (!walk(i)) continue;
      // Along the alternating path each mentee takes the edge she found; the mentor she leaves for it
      // hands that seat to the mentee before her on the path; the last mentor gives up a free seat.
      for (const k of path) {
        const mentee = edgeMentee[k];
        const j = edgeMentor[k] - menteeCount;
        const previous = matchEdge[mentee];
        if (previous !== -1) {
          const list = held[edgeMentor[previous] - menteeCount];
          list.splice(list.indexOf(previous), 1);
        }
        matchEdge[mentee] = k;
        held[j].push(k);
      }
      free[edgeMentor[path[path.length - 1]] - menteeCount] -= 1;
      found++;
      // The path's nodes may carry more paths later in this pass; only exhausted ones stay dead.
    }
    return found;
  }

  const pairs: [number, number][] = [];
  let total = 0;
  for (let i = 0; i < menteeCount; i++) {
    const k = matchEdge[i];
    if (k === -1) continue;
    pairs.push([i, edgeMentor[k] - menteeCount]);
    total += -weight[k];
  }
  return { pairs, total: total / SCALE };
}

/** The baseline: best pairs first, each taken when both sides are still free. */
export function greedyMatching(menteeCount: number, capacities: readonly number[], edges: readonly MatchingEdge[] | EdgeList): MatchingResult {
  const left = [...capacities];
  const taken = new Uint8Array(menteeCount);
  const pairs: [number, number][] = [];
  let total = 0;
  // Objects are ordered as a stable sort by quality would (bestFirst); a list is bucketed directly.
  const order = isEdgeList(edges) ? byTenths(edges.tenths, edges.length) : bestFirst(edges);
  const list = edgeList(edges);
  for (const k of order) {
    const mentee = list.mentee[k];
    const mentor = list.mentor[k];
    if (taken[mentee] || left[mentor] === 0) continue;
    taken[mentee] = 1;
    left[mentor] -= 1;
    pairs.push([mentee, mentor]);
    total += list.tenths[k];
  }
  return { pairs, total: total / SCALE };
}

const isEdgeList = (edges: readonly MatchingEdge[] | EdgeList): edges is EdgeList => !Array.isArray(edges);

/** Edge objects as an EdgeList (the tests and small callers pass objects). */
function edgeList(edges: readonly MatchingEdge[] | EdgeList): EdgeList {
  if (isEdgeList(edges)) return edges;
  return {
    length: edges.length,
    mentee: Int32Array.from(edges, (e) => e.mentee),
    mentor: Int32Array.from(edges, (e) => e.mentor),
    // Only positive qualities are edges worth having (one that rounds to 0 tenths is one, of cost 0).
    tenths: Int32Array.from(edges, (e) => (e.quality > 0 ? Math.round(e.quality * SCALE) : -1)),
  };
}

/**
 * The indices of the edges of positive quality, best first and ties in their given order (what a
 * stable sort gives). When every quality is a whole number of tenths (the matching run's are) they are
 * bucketed by it: a counting sort, two linear passes instead of sorting 590,000 edges (~0.25 s).
 */
export function bestFirst(edges: readonly MatchingEdge[]): Int32Array {
  const tenths = new Int32Array(edges.length).fill(-1);
  for (let k = 0; k < edges.length; k++) {
    const quality = edges[k].quality;
    if (!(quality > 0)) continue;
    const t = Math.round(quality * SCALE);
    if (t / SCALE !== quality || t > MAX_BUCKET) {
      const order = edges.flatMap((e, x) => (e.quality > 0 ? [x] : []));
      return Int32Array.from(order.sort((a, b) => edges[b].quality - edges[a].quality || a - b));
    }
    tenths[k] = t;
  }
  return byTenths(tenths, edges.length);
}

/** The indices of tenths[0..n) that are edges (≥ 0), highest first, ties in index order: a counting sort. */
function byTenths(tenths: Int32Array, n: number): Int32Array {
  let max = 0;
  let count = 0;
  for (let k = 0; k < n; k++) {
    if (tenths[k] < 0) continue;
    count++;
    if (tenths[k] > max) max = tenths[k];
  }
  if (max > MAX_BUCKET) {
    const order = Array.from({ length: n }, (_, k) => k).filter((k) => tenths[k] >= 0);
    return Int32Array.from(order.sort((a, b) => tenths[b] - tenths[a] || a - b));
  }
  // start[t]: where the edges of quality t begin in the order (those of higher quality come first).
  const start = new Int32Array(max + 1);
  for (let k = 0; k < n; k++) if (tenths[k] >= 0) start[tenths[k]]++;
  for (let t = max, at = 0; t >= 0; t--) {
    const c = start[t];
    start[t] = at;
    at += c;
  }
  const order = new Int32Array(count);
  for (let k = 0; k < n; k++) if (tenths[k] >= 0) order[start[tenths[k]]++] = k;
  return order;
}

/** Qualities up to this many tenths are bucketed (a 100-point score needs 1,000). */
const MAX_BUCKET = 1_000_000;

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
