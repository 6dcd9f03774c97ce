import { useState } from 'preact/hooks';
import { call, get, query } from '../api.js';
import { Badge, Listed, Loading, Problem, Section, Table } from '../components/ui.js';
import { ago } from '../logic/format.js';
import { useAction, useLoad } from '../hooks.js';
import { DeliveryPage, Receiver, ReceiverList, Replayed, RetryAnswer, TestOutcome } from '../schemas.js';
import { ActionHistory } from './activity.js';

/** Paused, disabled, circuit open or failing: the one word an operator needs first. */
function healthOf(receiver: Receiver): { kind: string; text: string } {
  if (receiver.paused || !receiver.enabled) return { kind: 'paused', text: 'paused' };
  if (receiver.health?.disabled) return { kind: 'failed', text: 'disabled' };
  if (receiver.health && receiver.health.circuit !== 'closed') return { kind: 'failed', text: `circuit ${receiver.health.circuit}` };
  if (receiver.health?.failingSince) return { kind: 'retrying', text: 'failing' };
  return { kind: 'delivered', text: 'healthy' };
}

export function ReceiversPage() {
  const list = useLoad(() => get(ReceiverList, '/v1/receivers'), 'receivers', 5_000);
  return (
    <Section title="Receivers">
      {!list.data ? (
        <Loading error={list.error} />
      ) : (
        <Table class="receivers" columns={['receiver', 'channel', 'health', 'circuit', 'failing since', 'managed by']}>
          {list.data.items.map((r) => {
            const health = healthOf(r);
            return (
              <tr key={r.id} data-receiver={r.id}>
                <td>
                  <a href={`/receivers/${r.id}`}>{r.name}</a> <span class="muted">{r.id}</span>
                </td>
                <td>{r.channel}</td>
                <td>
                  <Badge kind={health.kind}>{health.text}</Badge>
                </td>
                <td>{r.health?.circuit ?? 'closed'}</td>
                <td>{ago(r.health?.failingSince)}</td>
                <td>{r.managedBy}</td>
              </tr>
            );
          })}
        </Table>
      )}
    </Section>
  );
}

export function ReceiverPage({ id }: { id: string }) {
  const receiver = useLoad(() => get(Receiver, `/v1/receivers/${encodeURIComponent(id)}`), id, 5_000);
  const deliveries = useLoad(() => get(DeliveryPage, `/v1/deliveries${query({ receiver: id, limit: 20 })}`), id, 3_000);
  const action = useAction();
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const [hours, setHours] = useState('24');
  const run = async (what: () => Promise<string>) => {
    let message = '';
    if (await action.run(async () => (message = await what()))) setNotice(message);
    receiver.reload();
    deliveries.reload();
  };
  if (!receiver.data) return <Loading error={receiver.error} />;
  const r = receiver.data;
  const health = healthOf(r);
  const path = `/v1/receivers/${encodeURIComponent(id)}`;

  return (
    <>
      <Section
        title={r.name}
        actions={
          <>
            <button
              type="button"
              disabled={action.busy}
              onClick={() => void run(async () => `test: ${(await call(TestOutcome, 'POST', `${path}/test`)).outcome ?? 'sent'}`)}
            >
              Send test
            </button>
            {r.managedBy === 'file' ? (
              <span class="muted" title="objects declared in herald.yaml are read-only in the API">
                declared in herald.yaml: pause it there
              </span>
            ) : r.paused || !r.enabled ? (
              <button type="button" disabled={action.busy} onClick={() => void run(async () => (await call(Receiver, 'POST', `${path}/resume`), 'resumed'))}>
                Resume
              </button>
            ) : (
              <button type="button" disabled={action.busy} onClick={() => void run(async () => (await call(Receiver, 'POST', `${path}/pause`), 'paused'))}>
                Pause
              </button>
            )}
          </>
        }
      >
        <Problem message={action.error} />
        {notice ? (
          <p class="notice" role="status">
            {notice}
          </p>
        ) : null}
        <dl class="facts">
          <dt>id</dt>
          <dd>{r.id}</dd>
          <dt>channel</dt>
          <dd>{r.channel}</dd>
          <dt>health</dt>
          <dd>
            <Badge kind={health.kind}>{health.text}</Badge>
          </dd>
          <dt>circuit</dt>
          <dd>{r.health?.circuit ?? 'closed'}</dd>
          <dt>failing since</dt>
          <dd>{ago(r.health?.failingSince)}</dd>
        </dl>
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              const answer = await call(RetryAnswer, 'POST', `${path}/deliveries/retry${query({ max_age_hours: hours })}`);
              return `retry: ${JSON.stringify(answer)}`;
            });
          }}
        >
          <label>
            Retry failed deliveries of the last
            <input name="hours" type="number" min="1" value={hours} onInput={(e) => setHours(e.currentTarget.value)} /> hours
          </label>
          <button type="submit" disabled={action.busy}>
            Retry failed
          </button>
        </form>
      </Section>
      <ActionHistory title="Changes" path={path} />
      <Section title="Recent deliveries">
        <Listed items={deliveries.data?.items} error={deliveries.error} empty="No deliveries yet.">
          {(items) => (
            <Table class="deliveries" columns={['event', 'incident', 'status', 'attempts', 'last attempt', '']}>
              {items.map((d) => (
                <tr key={d.jobId} data-delivery={d.jobId}>
                  <td>{d.eventType}</td>
                  <td>
                    <a href={`/incidents/${d.incidentId}`}>{d.incidentId.slice(0, 8)}</a>
                  </td>
                  <td>
                    <Badge kind={d.status}>{d.status}</Badge>
                    {d.lastStatusCode ? <span class="muted"> HTTP {d.lastStatusCode}</span> : null}
                    {d.kind === 'replay' ? <span class="muted"> (replay)</span> : null}
                  </td>
                  <td class="number">{d.attempts}</td>
                  <td>{ago(d.lastAttemptAt)}</td>
                  <td>
                    {d.status === 'failed' || d.status === 'dead' ? (
                      <button
                        type="button"
                        class="link"
                        disabled={action.busy}
                        onClick={() =>
                          void run(async () => `replayed as ${(await call(Replayed, 'POST', `/v1/deliveries/${encodeURIComponent(d.jobId)}/replay`)).jobId}`)
                        }
                      >
                        Replay
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
