export interface Series {
  readonly name: string;
  readonly points: ReadonlyArray<number | null>;
}

const COLOURS = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2'];

/** A small line chart: one line per series over the same x labels; gaps where a value is null. */
export function LineChart({
  title,
  labels,
  series,
  format,
}: {
  title: string;
  labels: readonly string[];
  series: readonly Series[];
  format: (v: number) => string;
}) {
  const width = 560;
  const height = 180;
  const pad = { left: 56, right: 12, top: 12, bottom: 28 };
  const values = series.flatMap((s) => s.points.filter((p): p is number => p !== null));
  const max = Math.max(1e-9, ...values);
  const x = (i: number) => pad.left + (labels.length <= 1 ? 0 : (i * (width - pad.left - pad.right)) / (labels.length - 1));
  const y = (v: number) => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom);
  const path = (points: ReadonlyArray<number | null>) =>
    points
      .map((p, i) => (p === null ? null : `${i === 0 || points[i - 1] === null ? 'M' : 'L'}${x(i).toFixed(1)},${y(p).toFixed(1)}`))
      .filter(Boolean)
      .join(' ');
  return (
    <figure class="chart" data-chart={title}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        <line x1={pad.left} y1={y(0)} x2={width - pad.right} y2={y(0)} class="axis" />
        <text x={pad.left - 6} y={y(max) + 4} class="tick" text-anchor="end">
          {format(max)}
        </text>
        <text x={pad.left - 6} y={y(0) + 4} class="tick" text-anchor="end">
          {format(0)}
        </text>
        {labels.map((label, i) =>
          // At most about eight labels fit under the axis; the newest is always shown.
          (labels.length - 1 - i) % Math.ceil(labels.length / 8) === 0 ? (
            <text key={label} x={x(i)} y={height - 8} class="tick" text-anchor="middle">
              {label}
            </text>
          ) : null,
        )}
        {series.map((s, i) => (
          <g key={s.name}>
            <path d={path(s.points)} fill="none" stroke={COLOURS[i % COLOURS.length]} stroke-width="2" />
            {s.points.map((p, j) => (p === null ? null : <circle key={j} cx={x(j)} cy={y(p)} r="3" fill={COLOURS[i % COLOURS.length]} />))}
          </g>
        ))}
      </svg>
      <ul class="legend">
        {series.map((s, i) => (
          <li key={s.name}>
            <span class="swatch" style={{ background: COLOURS[i % COLOURS.length] }} />
            {s.name}
          </li>
        ))}
      </ul>
    </figure>
  );
}
