import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import { schemaName } from '@herald/persistence';
import { closeAndDrop, openTestDataSource, testNamespace } from '../testing/int-kit.js';
import { EXPECT_NEW_INCIDENTS } from './incident-store.js';

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

function nodesOn(node: PlanNode, relation: string): PlanNode[] {
  const own = node['Relation Name'] === relation ? [node] : [];
  return [...own, ...(node.Plans ?? []).flatMap((child) => nodesOn(child, relation))];
}

// Real PostgreSQL: the guess's check runs on every alert of a new incident, so it must stay a few
// index probes however many incidents the table holds (the bench once found it a sequential scan).
describe("the new-keys guess's check on a real PostgreSQL", () => {
  const schema = schemaName(testNamespace('guess'), 'incidents');
  let ds: DataSource;

  before(async () => {
    ds = await openTestDataSource(schema);
    await ds.query(
      `INSERT INTO incidents (id, dedup_key, integration_id, source, status, severity, summary, labels, alert_count, flapping, opened_at, last_alert_at, version, state)
       SELECT gen_random_uuid(), 'plan/' || i, 'int-test', 'alertmanager', 'resolved', 'warning', 'old', '{}', 1, false, now(), now(), 1, '{}'
         FROM generate_series(1, 20000) AS i`,
    );
  });

  after(async () => {
    await closeAndDrop(schema, ds);
  });

  it('looks each key up in the index, also as a prepared statement’s generic plan over 20,000 incidents', async () => {
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SET plan_cache_mode = force_generic_plan');
      await runner.query(`PREPARE guess_check(text[], text[]) AS ${EXPECT_NEW_INCIDENTS}`);
      const [row] = (await runner.query(`EXPLAIN (FORMAT JSON) EXECUTE guess_check('{an-alert}', '{plan/7,plan/new}')`)) as Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>;
      const scans = nodesOn(row!['QUERY PLAN'][0]!.Plan, 'incidents');
      assert.ok(scans.length > 0, 'the check reads incidents');
      for (const scan of scans) assert.match(scan['Node Type'], /^Index( Only)? Scan$/, `incidents read by ${scan['Node Type']}`);
    } finally {
      await runner.query('DEALLOCATE guess_check').catch(() => undefined);
      await runner.query('RESET plan_cache_mode').catch(() => undefined);
      await runner.release();
    }
  });
});
