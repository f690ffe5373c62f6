/** Cuts text to at most `max` UTF-16 units without splitting a character in two (PostgreSQL refuses half a surrogate pair). */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Half of a surrogate pair: not a character, and PostgreSQL cannot store it in jsonb. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
