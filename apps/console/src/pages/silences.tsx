import { useState } from 'preact/hooks';
import { z } from 'zod';
import { call, get } from '../api.js';
import { Badge, Listed, Labels, Loading, Problem, Section, Table } from '../components/ui.js';
import { ago, dateTime } from '../logic/format.js';
import { useAction, useLoad } from '../hooks.js';
import { identity } from '../identity.js';
import { splitMatchers } from '../logic/text.js';
import { endWindow, fromNowFor, windowId, windowIsOver } from '../logic/windows.js';
import { AmAlerts, MaintenanceWindow, MaintenanceWindowList, Silence, SilenceList } from '../schemas.js';


const Nothing = z.unknown();

/** The open incidents a set of matchers would mute now, from the gateway's Alertmanager API. */
function Preview({ matchers }: { matchers: string[] }) {
  const key = matchers.join('\n');
  const path = `/api/v2/alerts?${matchers.map((m) => `filter=${encodeURIComponent(m)}`).join('&')}&silenced=true`;
  const preview = useLoad(() => (matchers.length ? get(AmAlerts, path) : Promise.resolve([])), key);
  if (matchers.length === 0) return <p class="muted">Give at least one matcher.</p>;
  if (!preview.data) return <Loading error={preview.error} />;
  return (
    <div class="preview" data-preview-count={preview.data.length}>
      <p>
        Would mute <strong>{preview.data.length}</strong> open incident{preview.data.length === 1 ? '' : 's'} now (and any new ones that match).
      </p>
      <ul>
        {preview.data.slice(0, 20).map((alert) => (
          <li key={alert.fingerprint}>
            {alert.annotations.summary ?? alert.labels.alertname} <Labels labels={alert.labels} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function NewSilence({ initial, onCreated }: { initial: string; onCreated: () => void }) {
  const [text, setText] = useState(initial);
  const [hours, setHours] = useState('2');
  const [comment, setComment] = useState('');
  const action = useAction();
  const matchers = splitMatchers(text);
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = { matchers, ...fromNowFor(Number(hours), Date.now()), author: identity.name(), comment };
    if (await action.run(() => call(Silence, 'POST', '/v1/silences', body))) {
      setComment('');
      onCreated();
    }
  };
  return (
    <form class="stacked" onSubmit={(e) => void submit(e)}>
      <label>
        Matchers
        <input name="matchers" value={text} placeholder='alertname="DiskFull", instance=~"db-.*"' onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <label>
        For (hours)
        <input name="hours" type="number" min="0.1" step="0.1" value={hours} onInput={(e) => setHours(e.currentTarget.value)} />
      </label>
      <label>
        Comment
        <input name="comment" value={comment} placeholder="why" onInput={(e) => setComment(e.currentTarget.value)} />
      </label>
      <Preview matchers={matchers} />
      <Problem message={action.error} />
      <button type="submit" disabled={action.busy || matchers.length === 0}>
        Create silence
      </button>
    </form>
  );
}

/** A maintenance window starting now: named, with the same matchers and preview as a silence. */
function NewWindow({ initial, onCreated }: { initial: string; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [text, setText] = useState(initial);
  const [hours, setHours] = useState('1');
  const action = useAction();
  const matchers = splitMatchers(text);
  const id = windowId(name);
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = { id, matchers, ...fromNowFor(Number(hours), Date.now()) };
    if (await action.run(() => call(MaintenanceWindow, 'POST', '/v1/maintenance-windows', body))) {
      setName('');
      onCreated();
    }
  };
  return (
    <form class="stacked" onSubmit={(e) => void submit(e)}>
      <label>
        Window name
        <input name="window" value={name} placeholder="kernel upgrade db" onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        Window matchers
        <input name="window-matchers" value={text} placeholder='team="db"' onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <label>
        Window hours
        <input name="window-hours" type="number" min="0.1" step="0.1" value={hours} onInput={(e) => setHours(e.currentTarget.value)} />
      </label>
      <Preview matchers={matchers} />
      <Problem message={action.error} />
      <button type="submit" disabled={action.busy || matchers.length === 0 || id === ''}>
        Start maintenance window
      </button>
    </form>
  );
}

export function SilencesPage() {
  const initial = new URLSearchParams(location.search).get('matchers') ?? '';
  const silences = useLoad(() => get(SilenceList, '/v1/silences'), 'silences', 5_000);
  const windows = useLoad(() => get(MaintenanceWindowList, '/v1/maintenance-windows'), 'windows', 10_000);
  const [showExpired, setShowExpired] = useState(false);
  const action = useAction();
  const expire = async (id: string) => {
    if (await action.run(() => call(Nothing, 'DELETE', `/api/v2/silence/${encodeURIComponent(id)}`))) silences.reload();
  };
  const shown = silences.data?.items.filter((s) => showExpired || s.state !== 'expired') ?? [];
  const end = async (window: MaintenanceWindow) => {
    const path = `/v1/maintenance-windows/${encodeURIComponent(window.id)}`;
    const how = endWindow(window, Date.now());
    if (await action.run(() => (how.method === 'PUT' ? call(MaintenanceWindow, 'PUT', path, how.body) : call(Nothing, 'DELETE', path)))) windows.reload();
  };

  return (
    <>
      <Section title="New silence">
        <NewSilence initial={initial} onCreated={silences.reload} />
      </Section>
      <Section
        title="Silences"
        actions={
          <label class="toggle">
            <input type="checkbox" checked={showExpired} onChange={(e) => setShowExpired(e.currentTarget.checked)} /> show expired
          </label>
        }
      >
        <Problem message={action.error} />
        {!silences.data ? (
          <Loading error={silences.error} />
        ) : shown.length === 0 ? (
          <p class="muted">No silences.</p>
        ) : (
          <Table class="silences" columns={['state', 'matchers', 'ends', 'by', 'comment', '']}>
            {shown.map((s) => (
              <tr key={s.id} data-silence={s.id}>
                <td>
                  <Badge kind={s.state ?? 'active'}>{s.state ?? '?'}</Badge>
                </td>
                <td>
                  <code>{s.matchers.join(', ')}</code>
                </td>
                <td title={dateTime(s.endsAt)}>{ago(s.endsAt)}</td>
                <td>{s.author}</td>
                <td>{s.comment}</td>
                <td>
                  {s.state !== 'expired' && s.managedBy === 'api' ? (
                    <button type="button" class="link" disabled={action.busy} onClick={() => void expire(s.id)}>
                      Expire
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <Section title="New maintenance window">
        <NewWindow initial={initial} onCreated={windows.reload} />
      </Section>
      <Section title="Maintenance windows">
        <Listed items={windows.data?.items} error={windows.error} empty="No maintenance windows.">
          {(items) => (
            <Table class="windows" columns={['window', 'matchers', 'now', 'ends', 'managed by', '']}>
              {items.map((w) => (
                <tr key={w.id} data-window={w.id}>
                  <td>{w.id}</td>
                  <td>
                    <code>{(w.matchers ?? []).join(', ') || 'everything'}</code>
                  </td>
                  <td>{w.active ? <Badge kind="acknowledged">active</Badge> : <span class="muted">{windowIsOver(w, Date.now()) ? 'ended' : 'inactive'}</span>}</td>
                  <td title={dateTime(w.endsAt)}>{w.recurrence ? 'weekly' : ago(w.endsAt)}</td>
                  <td>{w.managedBy}</td>
                  <td>
                    {w.managedBy === 'api' && !windowIsOver(w, Date.now()) ? (
                      <button type="button" class="link" disabled={action.busy} onClick={() => void end(w)}>
                        End
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </Listed>
      </Section>
    </>
  );
}
