import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postJson } from '../support/alerts.js';
import { HeraldStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const TOKEN = 'e2e-admin-token-dedup-scope-01';
const KEYS = { a: 'e2e-dedup-scope-key-aaaaaaaa', b: 'e2e-dedup-scope-key-bbbbbbbb', c: 'e2e-dedup-scope-key-cccccccc' } as const;

interface Incident {
  id: string;
  dedupKey: string;
  alertCount: number;
  integrationId: string;
}

describe('dedup keys across integrations, through the running services', () => {
  let stack: HeraldStack;

  before(async () => {
    stack = await HeraldStack.start({
      services: ['ingestion', 'incidents'],
      env: { HERALD_ADMIN_TOKEN: TOKEN },
      config: `
integrations:
  - { id: shared-a, name: Shared A, source: generic, key: ${KEYS.a}, dedupScope: global }
  - { id: shared-b, name: Shared B, source: generic, key: ${KEYS.b}, dedupScope: global }
  - { id: own-c, name: Own C, source: generic, key: ${KEYS.c} }
`,
    });
  });

  after(async () => {
    await stack?.stop();
    await stack?.cleanup();
  });

  const send = async (integration: string, key: string): Promise<void> => {
    const response = await postJson(stack.url('ingestion', `/v1/webhooks/${integration}`), { dedup_key: 'disk-full/db-1', summary: 'Disk full on db-1' }, { authorization: `Bearer ${key}` });
    assert.equal(response.status, 202, JSON.stringify(response.body));
  };

  const incidents = async (): Promise<Incident[]> => {
    const response = await fetch(stack.url('incidents', '/v1/incidents?text=Disk%20full%20on%20db-1'), { headers: { authorization: `Bearer ${TOKEN}` } });
    return ((await response.json()) as { items: Incident[] }).items;
  };

  it('two integrations that opted in share one incident for one key; an integration that did not keeps its own', async () => {
    await send('shared-a', KEYS.a);
    await send('shared-b', KEYS.b);
    await send('own-c', KEYS.c);
    await waitFor(async () => {
      const list = await incidents();
      return list.length === 2 && list.reduce((n, i) => n + i.alertCount, 0) === 3;
    }, 'three alerts folded into two incidents', 20_000);
    const list = await incidents();
    const shared = list.find((i) => i.dedupKey === 'disk-full/db-1');
    const own = list.find((i) => i.dedupKey === 'own-c/disk-full/db-1');
    assert.equal(shared?.alertCount, 2, JSON.stringify(list));
    assert.equal(own?.alertCount, 1, JSON.stringify(list));
  });
});
