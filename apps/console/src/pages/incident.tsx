import { useState } from 'preact/hooks';
import { call, get, query } from '../api.js';
import { Badge, Labels, Loading, Problem, Section, Table } from '../components/ui.js';
import { ago, asMatchers, dateTime } from '../logic/format.js';
import { useAction, useLoad } from '../hooks.js';
import { identity } from '../identity.js';
import { ActionResult, DeliveryDetail, DeliveryPage, IncidentDetail, type TimelineEvent } from '../schemas.js';

function actor(by: { kind: string; name?: string; reason?: string }): string {
  return by.kind === 'user' ? (by.name ?? 'someone') : by.kind === 'system' ? `Herald (${by.reason ?? ''})` : 'an alert';
}

/** One line per event, in words. */
function describe(event: TimelineEvent): string {
  switch (event.type) {
    case 'IncidentTriggered':
      return `Triggered by an alert: ${event.data.summary}`;
    case 'AlertDeduplicated':
      return `Alert repeated: ${event.data.summary}`;
    case 'IncidentSeverityChanged':
      return `Severity ${event.data.from} → ${event.data.to}`;
    case 'IncidentAcknowledged':
      return `Acknowledged by ${actor(event.data.by)}`;
    case 'IncidentResolved':
      return `Resolved by ${actor(event.data.by)}`;
    case 'IncidentReopened':
      return 'Reopened';
    case 'IncidentFlapping':
      return `Flapping: ${event.data.cycles} cycles in ${event.data.windowSeconds} s`;
    case 'IncidentStabilised':
      return 'Stopped flapping';
    case 'IncidentNoteAdded':
      return `Note by ${event.data.author}: ${event.data.text}`;
    case 'IncidentEscalated':
      return `Not acknowledged in time: escalation step ${event.data.step} of ${event.data.policyId} (pass ${event.data.round}) notified ${event.data.receivers.join(', ')}`;
  }
}

function Deliveries({ incidentId }: { incidentId: string }) {
  const page = useLoad(() => get(DeliveryPage, `/v1/deliveries${query({ incident: incidentId, limit: 100 })}`), incidentId, 3_000);
  const [open, setOpen] = useState<string | null>(null);
  const detail = useLoad(
    () => (open ? get(DeliveryDetail, `/v1/deliveries/${encodeURIComponent(open)}`) : Promise.resolve(undefined)),
    open ?? '',
    open ? 3_000 : undefined,
  );
  if (!page.data) return <Loading error={page.error} />;
  if (page.data.items.length === 0) return <p class="muted">No notifications yet.</p>;
  return (
    <Table class="deliveries" columns={['event', 'receiver', 'status', 'attempts', 'last attempt', '']}>
      {page.data.items.map((d) => (
        <>
          <tr key={d.jobId} data-delivery={d.jobId}>
            <td>{d.eventType}</td>
            <td>
              <a href={`/receivers/${d.receiverId}`}>{d.receiverId}</a>
            </td>
            <td>
              <Badge kind={d.status}>{d.status}</Badge>
              {d.lastStatusCode ? <span class="muted"> HTTP {d.lastStatusCode}</span> : null}
            </td>
            <td class="number">{d.attempts}</td>
            <td>{ago(d.lastAttemptAt)}</td>
            <td>
              <button type="button" class="link" onClick={() => setOpen(open === d.jobId ? null : d.jobId)}>
                {open === d.jobId ? 'hide attempts' : 'attempts'}
              </button>
            </td>
          </tr>
          {open === d.jobId && detail.data ? (
            <tr key={`${d.jobId}-attempts`} class="attempts">
              <td colSpan={6}>
                <ol>
                  {detail.data.attempts.map((a) => (
                    <li key={a.attempt}>
                      #{a.attempt} {a.outcome} {a.statusCode ? `HTTP ${a.statusCode}` : ''} {a.errorClass ?? ''}{' '}
                      {a.durationMs !== null && a.durationMs !== undefined ? `${a.durationMs} ms` : ''} — {dateTime(a.attemptedAt)}
                    </li>
                  ))}
                </ol>
              </td>
            </tr>
          ) : null}
        </>
      ))}
    </Table>
  );
}

/** `/incidents/<id>`: the page every notification links to. */
export function IncidentPage({ id }: { id: string }) {
  const detail = useLoad(() => get(IncidentDetail, `/v1/incidents/${encodeURIComponent(id)}`), id, 3_000);
  const action = useAction();
  const [note, setNote] = useState('');
  if (!detail.data) return <Loading error={detail.error} />;
  const { incident, timeline } = detail.data;
  const act = async (verb: 'acknowledge' | 'resolve') => {
    if (await action.run(() => call(ActionResult, 'POST', `/v1/incidents/${id}/${verb}`, { by: identity.name() }))) detail.reload();
  };
  const addNote = async (event: Event) => {
    event.preventDefault();
    if (await action.run(() => call(ActionResult, 'POST', `/v1/incidents/${id}/notes`, { author: identity.name(), text: note }))) {
      setNote('');
      detail.reload();
    }
  };
  const silenceLink = `/silences${query({ matchers: asMatchers(incident.labels).join(', ') })}`;

  return (
    <>
      <Section
        title={incident.summary}
        actions={
          <>
            <button type="button" disabled={action.busy || incident.status !== 'triggered'} onClick={() => void act('acknowledge')}>
              Acknowledge
            </button>
            <button type="button" disabled={action.busy || incident.status === 'resolved'} onClick={() => void act('resolve')}>
              Resolve
            </button>
            <a class="button" href={silenceLink}>
              Silence…
            </a>
          </>
        }
      >
        <Problem message={action.error} />
        <dl class="facts">
          <dt>status</dt>
          <dd>
            <Badge kind={incident.status}>{incident.status}</Badge>
            {incident.flapping ? <Badge kind="flapping">flapping</Badge> : null}
          </dd>
          <dt>severity</dt>
          <dd>
            <Badge kind={incident.severity}>{incident.severity}</Badge>
          </dd>
          <dt>service</dt>
          <dd>{incident.service ?? '—'}</dd>
          <dt>source</dt>
          <dd>
            {incident.source} ({incident.integrationId})
          </dd>
          <dt>alerts</dt>
          <dd>{incident.alertCount}</dd>
          <dt>opened</dt>
          <dd>{dateTime(incident.openedAt)}</dd>
          <dt>last alert</dt>
          <dd>{dateTime(incident.lastAlertAt)}</dd>
          {incident.acknowledgedAt ? (
            <>
              <dt>acknowledged</dt>
              <dd>{dateTime(incident.acknowledgedAt)}</dd>
            </>
          ) : null}
          {incident.resolvedAt ? (
            <>
              <dt>resolved</dt>
              <dd>{dateTime(incident.resolvedAt)}</dd>
            </>
          ) : null}
        </dl>
      </Section>
      <div class="columns">
        <Section title="Labels">
          <Labels labels={incident.labels} />
        </Section>
        <Section title="Annotations">
          <Labels labels={incident.annotations} />
          {incident.links.map((link) => (
            <p key={link.href}>
              <a href={link.href} target="_blank" rel="noreferrer">
                {link.text ?? link.href}
              </a>
            </p>
          ))}
        </Section>
      </div>
      <Section title="Timeline">
        <ol class="timeline">
          {timeline.map((event) => (
            <li key={event.id} data-event={event.type}>
              <time title={event.occurredAt}>{dateTime(event.occurredAt)}</time> {describe(event)}
            </li>
          ))}
        </ol>
        <form class="note" onSubmit={(e) => void addNote(e)}>
          <input name="note" value={note} placeholder="Add a note" onInput={(e) => setNote(e.currentTarget.value)} />
          <button type="submit" disabled={action.busy || note.trim() === ''}>
            Add note
          </button>
        </form>
      </Section>
      <Section title="Notifications">
        <Deliveries incidentId={id} />
      </Section>
    </>
  );
}
