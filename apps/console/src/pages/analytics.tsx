import { useState } from 'preact/hooks';
import { get } from '../api.js';
import { LineChart, type Series } from '../components/chart.js';
import { Loading, Section } from '../components/ui.js';
import { percent } from '../logic/format.js';
import { useLoad } from '../hooks.js';
import { Summary, type Figures } from '../schemas.js';
import { bucketsFromCumulative, type Bucket } from '../logic/series.js';

const RANGES = {
  day: { buckets: 24, unit: 'h', label: (i: number) => `-${24 - i}h` },
  week: { buckets: 7, unit: 'd', label: (i: number) => `-${7 - i}d` },
} as const;
type Range = keyof typeof RANGES;

interface Loaded {
  readonly receivers: string[];
  readonly buckets: Map<string, Bucket[]>;
  readonly totals: Figures;
}

async function load(range: Range): Promise<Loaded> {
  const { buckets, unit } = RANGES[range];
  const windows = await Promise.all(Array.from({ length: buckets }, (_, i) => get(Summary, `/v1/analytics/summary?period=${i + 1}${unit}`)));
  const receivers = [...new Set(windows.flatMap((w) => w.receivers.map((r) => r.receiver)))].sort();
  const empty: Figures = { total_events: 0, successful_deliveries: 0, failed_deliveries: 0, success_rate: null, response_time_ms: { samples: 0, avg: null } };
  const perReceiver = new Map(
    receivers.map((receiver) => [receiver, bucketsFromCumulative(windows.map((w) => w.receivers.find((r) => r.receiver === receiver) ?? empty))]),
  );
  return { receivers, buckets: perReceiver, totals: windows.at(-1)?.totals ?? empty };
}

export function AnalyticsPage() {
  const [range, setRange] = useState<Range>('day');
  const data = useLoad(() => load(range), range, 30_000);
  const labels = Array.from({ length: RANGES[range].buckets }, (_, i) => RANGES[range].label(i));
  const series = (pick: (b: Bucket) => number | null): Series[] =>
    data.data ? data.data.receivers.map((receiver) => ({ name: receiver, points: (data.data?.buckets.get(receiver) ?? []).map(pick) })) : [];

  return (
    <Section
      title="Delivery analytics"
      actions={
        <select name="range" value={range} onChange={(e) => setRange(e.currentTarget.value as Range)}>
          <option value="day">last 24 hours</option>
          <option value="week">last 7 days</option>
        </select>
      }
    >
      {!data.data ? (
        <Loading error={data.error} />
      ) : (
        <>
          <p class="totals" data-total-events={data.data.totals.total_events}>
            {data.data.totals.total_events} notifications, {data.data.totals.successful_deliveries} delivered, {data.data.totals.failed_deliveries} failed —
            success {percent(data.data.totals.success_rate)}
          </p>
          <div class="charts">
            <LineChart title="Volume (notifications)" labels={labels} series={series((b) => b.volume)} format={(v) => v.toFixed(0)} />
            <LineChart title="Delivery success" labels={labels} series={series((b) => b.successRate)} format={(v) => percent(v)} />
            <LineChart title="Latency (average ms)" labels={labels} series={series((b) => b.latencyMs)} format={(v) => `${v.toFixed(0)} ms`} />
          </div>
        </>
      )}
    </Section>
  );
}
