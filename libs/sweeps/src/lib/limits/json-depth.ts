/**
 * How deeply arrays and objects nest in a parsed JSON value: 0 for a scalar, 1 for `[]` or
 * `{"a": 1}`, 2 for `[[1]]`. Walks with an explicit stack, so a body nested 100,000 deep is
 * measured instead of overflowing the call stack (which every recursive consumer of the value
 * — zod, `isDeepStrictEqual`, `JSON.stringify` — would). Linear in the value's size.
 */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, here]);
    }
  }
  return deepest;
}
