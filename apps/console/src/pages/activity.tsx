import { useState } from 'preact/hooks';
import { get, query } from '../api.js';
import { Listed, Section, Table } from '../components/ui.js';
import { ago, dateTime } from '../logic/format.js';
import { useLoad } from '../hooks.js';
import { ActionList } from '../schemas.js';

/** Recorded management actions (the gateway's `/v1/actions`), newest first, refreshed as people act. */
export function ActionHistory({ title, path, actor }: { title: string; path?: string | undefined; actor?: string | undefined }) {
  const url = `/v1/actions${query({ path, actor, limit: 100 })}`;
  const actions = useLoad(() => get(ActionList, url), url, 5_000);
  return (
    <Section title={title}>
      <Listed items={actions.data?.items} error={actions.error} empty="No recorded actions.">
        {(items) => (
          <Table class="action-log" columns={['when', 'who', 'role', 'action', 'service']}>
            {items.map((a) => (
              <tr key={`${a.service}-${a.id}`} data-action={`${a.method} ${a.path}`} data-actor={a.actor}>
                <td title={dateTime(a.at)}>{ago(a.at)}</td>
                <td>{a.actor}</td>
                <td>{a.role}</td>
                <td>
                  <code>
                    {a.method} {a.path}
                  </code>
                </td>
                <td>{a.service}</td>
              </tr>
            ))}
          </Table>
        )}
      </Listed>
    </Section>
  );
}

/** Every change made through the management APIs, and by whom: the audit trail. */
export function ActivityPage() {
  const [actor, setActor] = useState('');
  const [path, setPath] = useState('');
  return (
    <>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          who
          <input name="actor" value={actor} placeholder="anyone" onInput={(e) => setActor(e.currentTarget.value.trim())} />
        </label>
        <label>
          under path
          <input name="path" value={path} placeholder="/v1/receivers" onInput={(e) => setPath(e.currentTarget.value.trim())} />
        </label>
      </form>
      <ActionHistory title="Activity" actor={actor || undefined} path={path.startsWith('/') ? path : undefined} />
    </>
  );
}
