/* Reading what people type into the console's forms. */

/** `a="1", b=~"x|y"` → one matcher per item; commas inside quotes stay. */
export function splitMatchers(text: string): string[] {
  return (text.match(/(?:[^,"]|"(?:[^"\\]|\\.)*")+/g) ?? []).map((m) => m.trim()).filter(Boolean);
}

/** `a=1 b=two` or one per line → a label set. */
export function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of text.split(/[\s,]+/).filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at > 0) labels[pair.slice(0, at)] = pair.slice(at + 1).replace(/^"(.*)"$/, '$1');
  }
  return labels;
}
