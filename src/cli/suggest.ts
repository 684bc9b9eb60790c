/**
 * "Did you mean …?" for a mistyped command or option: the nearest known name by edit distance,
 * when it is near enough to be a typo rather than a different word. Hand-written rather than a
 * dependency: it is one small function, and every package for it is exactly that function.
 */

/** Levenshtein distance: insertions, deletions and substitutions, one each. */
function editDistance(a: string, b: string): number {
  // Command and option names are ASCII: comparing UTF-16 units is exact for them.
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 0; i < a.length; i += 1) {
    const current = [i + 1];
    for (let j = 0; j < b.length; j += 1) {
      current.push(
        Math.min(
          (previous[j + 1] ?? 0) + 1,
          (current[j] ?? 0) + 1,
          (previous[j] ?? 0) + (a[i] === b[j] ? 0 : 1),
        ),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The known name nearest to `typed`, or undefined when none is within a typo's reach. */
export function nearest(typed: string, known: readonly string[]): string | undefined {
  const reach = Math.max(1, Math.min(3, Math.floor(typed.length / 3)));
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(typed, name);
    if (distance <= reach && (best === undefined || distance < best.distance)) {
      best = { name, distance };
    }
  }
  return best?.name;
}

/** ". Did you mean "x"?" or nothing, to append to an error message. */
export function didYouMean(typed: string, known: readonly string[], quote = '"'): string {
  const match = nearest(typed, known);
  return match === undefined ? "" : `. Did you mean ${quote}${match}${quote}?`;
}
