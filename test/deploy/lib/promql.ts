/**
 * The metric names a PromQL expression reads: identifiers that are not functions, aggregation
 * keywords, label names (in {…}, by/without/on/ignoring/group_left/group_right (…)), durations,
 * numbers or strings. Grafana variables ($x, ${x}, [[x]]) are removed first.
 * Deliberately strict: anything left that looks like a name counts as a metric.
 */
export function metricNamesIn(expr: string): Set<string> {
  let text = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ') // strings
    .replace(/\$\{[^}]*\}|\$\w+|\[\[[^\]]*\]\]/g, ' ') // Grafana variables
    .replace(/#[^\n]*/g, ' '); // comments
  text = text.replace(/\{[^}]*\}/g, ' '); // label matchers
  text = text.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  text = text.replace(/\[[^\]]*\]/g, ' '); // range and subquery selectors
  const names = new Set<string>();
  for (const match of text.matchAll(/(?<![\w:.])([a-zA-Z_:][\w:]*)(\s*\()?/g)) {
    const [, name, call] = match;
    if (!name || call) continue; // function or aggregation call
    if (KEYWORDS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return names;
}

const KEYWORDS = new Set([
  'and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'atmodifier',
  'inf', 'nan', 'start', 'end',
]);

/**
 * Every series name /metrics exposes, from a Prometheus text exposition: sample names
 * plus, for each histogram or summary family, its _bucket/_sum/_count (and quantile) series,
 * so a family registered without observations yet still counts.
 */
export function exportedSeriesNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      const [, name, kind] = type;
      if (!name) continue;
      names.add(name);
      if (kind === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
      if (kind === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
      continue;
    }
    const sample = /^([a-zA-Z_:][\w:]*)/.exec(line);
    if (sample?.[1]) names.add(sample[1]);
  }
  return names;
}
