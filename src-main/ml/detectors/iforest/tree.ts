import type { Matrix } from '../../matrix';

/** Euler–Mascheroni constant, for the harmonic-number approximation H(i) ≈ ln(i) + γ (Liu et al. 2008). */
const eulerGamma = 0.5772156649;

/**
 * c(n): the average path length of an unsuccessful search in a binary search tree of n points.
 * It normalises the forest's mean path length, and is added at a leaf that still holds n rows
 * because the depth limit stopped it from being split further.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + eulerGamma) - (2 * (n - 1)) / n;
}

/**
 * One isolation tree as parallel arrays, node 0 the root. Children of an internal node are stored
 * as a pair: `child` is the left one (value <= threshold), `child + 1` the right one. A leaf has
 * feature -1 and `size` = the sample rows that reached it.
 */
export interface IsolationTree {
  feature: Int32Array;
  threshold: Float32Array;
  child: Int32Array;
  size: Int32Array;
}

/**
 * Grows one tree on the sample rows (indices into X) down to `maxDepth`. Each node splits on a
 * feature drawn uniformly from those not constant in the node, at a point drawn uniformly between
 * their min and max; a node whose features are all constant is a leaf. `sample` is reordered.
 * Sample i's X.d features start at sample[i] * rowStride: a stride below X.d makes overlapping
 * windows of rows samples without copying them.
 */
export function growTree(X: Matrix, sample: Int32Array, maxDepth: number, random: () => number, rowStride = X.d): IsolationTree {
  const { d, data } = X;
  // a split always leaves rows on both sides, so a tree of m rows has at most 2m - 1 nodes
  const capacity = 2 * sample.length - 1;
  const feature = new Int32Array(capacity).fill(-1);
  const threshold = new Float32Array(capacity);
  const child = new Int32Array(capacity);
  const size = new Int32Array(capacity);
  // breadth-first queue of nodes to split: the rows of node i are sample[from[i] .. to[i])
  const from = new Int32Array(capacity);
  const to = new Int32Array(capacity);
  const depth = new Int32Array(capacity);
  const varying = new Int32Array(d);
  const low = new Float32Array(d);
  const high = new Float32Array(d);
  to[0] = sample.length;
  let nodes = 1;
  for (let node = 0; node < nodes; node++) {
    const start = from[node]!;
    const end = to[node]!;
    size[node] = end - start;
    if (end - start <= 1 || depth[node]! >= maxDepth) continue;

    low.fill(Infinity);
    high.fill(-Infinity);
    for (let i = start; i < end; i++) {
      const row = sample[i]! * rowStride;
      for (let c = 0; c < d; c++) {
        const value = data[row + c]!;
        if (value < low[c]!) low[c] = value;
        if (value > high[c]!) high[c] = value;
      }
    }
    let varyingCount = 0;
    for (let c = 0; c < d; c++) if (high[c]! > low[c]!) varying[varyingCount++] = c;
    if (varyingCount === 0) continue;

    const splitFeature = varying[Math.floor(random() * varyingCount)]!;
    const min = low[splitFeature]!;
    const max = high[splitFeature]!;
    // rounded to float32 it stays >= min; pulling it below max keeps the max row on the right,
    // so both children get rows
    let split = Math.fround(min + random() * (max - min));
    if (split >= max) split = min;

    // partition in place: rows <= split first
    let left = start;
    for (let i = start; i < end; i++) {
      const index = sample[i]!;
      if (data[index * rowStride + splitFeature]! <= split) {
        sample[i] = sample[left]!;
        sample[left++] = index;
      }
    }
    feature[node] = splitFeature;
    threshold[node] = split;
    child[node] = nodes;
    from[nodes] = start;
    to[nodes] = left;
    from[nodes + 1] = left;
    to[nodes + 1] = end;
    depth[nodes] = depth[nodes + 1] = depth[node]! + 1;
    nodes += 2;
  }
  return {
    feature: feature.slice(0, nodes),
    threshold: threshold.slice(0, nodes),
    child: child.slice(0, nodes),
    size: size.slice(0, nodes),
  };
}

/** h(x): edges from the root to x's leaf, plus c(leaf size) for the rows the leaf never separated. */
export function pathLength(tree: IsolationTree, data: Float32Array, rowOffset: number): number {
  let node = 0;
  let edges = 0;
  while (tree.feature[node]! >= 0) {
    node = data[rowOffset + tree.feature[node]!]! <= tree.threshold[node]! ? tree.child[node]! : tree.child[node]! + 1;
    edges++;
  }
  return edges + averagePathLength(tree.size[node]!);
}

/** Draws `count` distinct values into the front of `pool` (a partial Fisher–Yates shuffle) and returns them. */
export function drawWithoutReplacement(pool: Int32Array, count: number, random: () => number): Int32Array {
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    const held = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = held;
  }
  return pool.slice(0, count);
}
