import { useState } from 'preact/hooks';
import { SEVERITIES, SOURCE_TYPES } from '@herald/contracts';
import { get, query } from '../api.js';
import { Badge, Listed, Section, Table } from '../components/ui.js';
import { ago } from '../logic/format.js';
import { useLoad } from '../hooks.js';
import { IncidentPage } from '../schemas.js';

interface Filters {
  status: string;
  severity: string;
  service: string;
  source: string;
  /** Opened within the last N hours ('' = any time). */
  hours: string;
}

const EMPTY: Filters = { status: 'triggered,acknowledged', severity: '', service: '', source: '', hours: '' };

function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: ReadonlyArray<[string, string]>;
  onChange: (v: string) => void;
}) {
  return (
    <label>
      {label}
      <select name={label} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

const any = (values: readonly string[]): Array<[string, string]> => [['', 'any'], ...values.map((v): [string, string] => [v, v])];

/** Incidents, newest first, refreshed every few seconds so changes show without reloading. */
export function IncidentsPage() {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const set = (key: keyof Filters) => (value: string) => setFilters({ ...filters, [key]: value });
  const from = filters.hours ? new Date(Date.now() - Number(filters.hours) * 3_600_000).toISOString() : undefined;
  const path = `/v1/incidents${query({ status: filters.status, severity: filters.severity, service: filters.service, source: filters.source, limit: 100 })}`;
  const page = useLoad(() => get(IncidentPage, `${path}${from ? `&from=${encodeURIComponent(from)}` : ''}`), `${path}|${filters.hours}`, 3_000);

  return (
    <Section title="Incidents">
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <Select
          label="status"
          value={filters.status}
          onChange={set('status')}
          options={[
            ['triggered,acknowledged', 'open'],
            ['triggered', 'triggered'],
            ['acknowledged', 'acknowledged'],
            ['resolved', 'resolved'],
            ['', 'any'],
          ]}
        />
        <Select label="severity" value={filters.severity} onChange={set('severity')} options={any(SEVERITIES)} />
        <Select label="source" value={filters.source} onChange={set('source')} options={any(SOURCE_TYPES)} />
        <label>
          service
          <input name="service" value={filters.service} placeholder="any" onInput={(e) => set('service')(e.currentTarget.value.trim())} />
        </label>
        <Select
          label="opened"
          value={filters.hours}
          onChange={set('hours')}
          options={[
            ['', 'any time'],
            ['1', 'last hour'],
            ['24', 'last 24 h'],
            ['168', 'last 7 days'],
          ]}
        />
      </form>
      <Listed items={page.data?.items} error={page.error} empty="No incidents match.">
        {(items) => (
          <Table class="incidents" columns={['status', 'severity', 'summary', 'service', 'source', 'alerts', 'opened']}>
            {items.map((incident) => (
              <tr key={incident.id} data-incident={incident.id}>
                <td>
                  <Badge kind={incident.status}>{incident.status}</Badge>
                  {incident.flapping ? <Badge kind="flapping">flapping</Badge> : null}
                </td>
                <td>
                  <Badge kind={incident.severity}>{incident.severity}</Badge>
                </td>
                <td>
                  <a href={`/incidents/${incident.id}`}>{incident.summary}</a>
                </td>
                <td>{incident.service ?? '—'}</td>
                <td>{incident.source}</td>
                <td class="number">{incident.alertCount}</td>
                <td title={incident.openedAt}>{ago(incident.openedAt)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Listed>
    </Section>
  );
}
