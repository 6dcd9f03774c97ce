import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { fieldReference } from './field-reference.js';
import { heraldFileJsonSchema } from './herald-file.js';

const at = (path: string): string => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));

describe('the JSON Schema of herald.yaml', () => {
  const schema = heraldFileJsonSchema();

  it('is the one checked in at docs/herald.schema.json (regenerate: node apps/cli/dist/main.js config schema > docs/herald.schema.json)', () => {
    // Compared as text: assert's diff of two large objects can take minutes, and stalls the whole run.
    const checkedIn = JSON.stringify(JSON.parse(readFileSync(at('docs/herald.schema.json'), 'utf8')));
    assert.ok(checkedIn === JSON.stringify(schema), 'docs/herald.schema.json is out of date: regenerate it (see the test name)');
  });

  it('has its every field in docs/configuration-fields.md (regenerate: node apps/cli/dist/main.js config reference > docs/configuration-fields.md)', () => {
    const reference = fieldReference(schema);
    assert.ok(readFileSync(at('docs/configuration-fields.md'), 'utf8') === `${reference}\n`, 'docs/configuration-fields.md is out of date: regenerate it (see the test name)');
    for (const field of ['integrations[].keyEnv', 'dispatch.route.routes', 'dispatch.receivers[].retry.maxAttempts', 'dispatch.maintenanceWindows[].recurrence.timeZone', 'dispatch.inhibitRules[].equal']) {
      assert.ok(reference.includes(`\`${field}\``), field);
    }
    for (const channel of ['webhook', 'slack', 'pagerduty', 'discord', 'teams', 'email', 'splunk', 'datadog', 'elasticsearch']) assert.ok(reference.includes(`channel: ${channel}`), channel);
  });

  it('accepts the shipped configurations and refuses a receiver whose settings do not fit its channel', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    for (const file of ['deploy/local/herald.yaml', 'deploy/k8s/base/herald.yaml']) {
      assert.equal(validate(parse(readFileSync(at(file), 'utf8'))), true, `${file}: ${JSON.stringify(validate.errors)}`);
    }
    // (Slack takes url or token, a choice JSON Schema is not told; PagerDuty's routing key is plainly required.)
    const pagerDutyWithoutKey = { dispatch: { receivers: [{ id: 'ops', name: 'Ops', channel: 'pagerduty', settings: {} }] } };
    assert.equal(validate(pagerDutyWithoutKey), false);
    assert.ok(validate.errors?.some((e) => e.instancePath === '/dispatch/receivers/0/settings' && /routingKey/.test(e.message ?? '')), JSON.stringify(validate.errors));
    assert.equal(validate({ dispatc: {} }), false, 'a misspelt section');
  });
});
