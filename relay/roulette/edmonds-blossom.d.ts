/** edmonds-blossom: Joris van Rantwijk's maximum-weight matching (O(n³)), ported to JavaScript. */
declare module 'edmonds-blossom' {
  /**
   * `edges` as [u, v, weight] with vertices 0..n-1; with `maxCardinality` the matching is first
   * as large as possible, then as heavy as possible. Answers mate[v] (−1: unmatched).
   */
  function blossom(edges: [number, number, number][], maxCardinality?: boolean): number[];
  export = blossom;
}
