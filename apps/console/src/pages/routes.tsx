import { useState } from 'preact/hooks';
import { call, get } from '../api.js';
import { Badge, Loading, Problem, Section } from '../components/ui.js';
import { useAction, useLoad } from '../hooks.js';
import { parseLabels } from '../logic/text.js';
import { RouteMatch, RoutingTree, type RouteNode } from '../schemas.js';

function Node({ node, path }: { node: RouteNode; path: string }) {
  return (
    <li data-route={path || 'root'}>
      <span class="route">
        {(node.matchers ?? []).length > 0 ? <code>{node.matchers?.join(', ')}</code> : <span class="muted">{path ? 'every incident' : 'root'}</span>}
        {node.receiver ? (
          <>
            {' → '}
            <a href={`/receivers/${node.receiver}`}>{node.receiver}</a>
          </>
        ) : null}
        {node.continue ? <Badge kind="info">continue</Badge> : null}
      </span>
      {(node.routes ?? []).length > 0 ? (
        <ul>
          {node.routes?.map((child, i) => (
            <Node key={i} node={child} path={path ? `${path}.${i}` : String(i)} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}


function Tester() {
  const [text, setText] = useState('alertname=DiskFull severity=critical');
  const [result, setResult] = useState<string[] | undefined>(undefined);
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    await action.run(async () => setResult((await call(RouteMatch, 'POST', '/v1/routes/test', { labels: parseLabels(text) })).receivers));
  };
  return (
    <form class="stacked" onSubmit={(e) => void submit(e)}>
      <label>
        Labels
        <input name="labels" value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={action.busy}>
        Where would it go?
      </button>
      <Problem message={action.error} />
      {result ? (
        <p class="result" data-receivers={result.join(',')}>
          {result.length === 0 ? (
            'No receiver: nothing would be sent.'
          ) : (
            <>
              Receivers:{' '}
              {result.map((r) => (
                <Badge key={r} kind="delivered">
                  {r}
                </Badge>
              ))}
            </>
          )}
        </p>
      ) : null}
    </form>
  );
}

export function RoutesPage() {
  const tree = useLoad(() => get(RoutingTree, '/v1/routes'), 'routes', 15_000);
  return (
    <>
      <Section title="Where would this alert go?">
        <Tester />
      </Section>
      <Section
        title={
          tree.data
            ? `Routing tree (version ${tree.data.version}, ${tree.data.managedBy === 'file' ? 'from herald.yaml' : 'set through the API'})`
            : 'Routing tree'
        }
      >
        {!tree.data ? (
          <Loading error={tree.error} />
        ) : (
          <ul class="tree">
            <Node node={tree.data.tree} path="" />
          </ul>
        )}
      </Section>
    </>
  );
}
