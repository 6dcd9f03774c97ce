import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type z } from 'zod';
import { type Check } from '@herald/contracts';
import { alertmanagerWebhook, isAlertmanagerWebhook } from '../alertmanager/alertmanager.schema.js';
import { alertmanagerFiring, alertmanagerResolved } from '../alertmanager/alertmanager.samples.js';
import { isPrometheusAlerts, prometheusAlerts } from '../prometheus/prometheus.schema.js';
import { prometheusFiring, prometheusResolved } from '../prometheus/prometheus.samples.js';
import { readWith } from './field-errors.js';

/*
 * The compiled checks of the busy sources must agree with their zod schemas on every body:
 * a check laxer than zod would let a bad body through unnamed, a stricter one would only cost
 * zod's copy. Where the check passes, the body is the value (no copy) and zod reads it unchanged.
 */

const copy = <T>(value: T): T => structuredClone(value);
const alert = (over: Record<string, unknown> = {}) => ({ ...copy(prometheusFiring[0]!), ...over });
const webhook = (over: Record<string, unknown> = {}) => ({ ...copy(alertmanagerFiring), ...over });
const amAlert = (over: Record<string, unknown>) => webhook({ alerts: [{ ...copy(alertmanagerFiring.alerts[0]!), ...over }] });

const sources: ReadonlyArray<{ name: string; check: Check; schema: z.ZodType; cases: ReadonlyArray<[string, unknown]> }> = [
  {
    name: 'Prometheus (POST /api/v2/alerts)',
    check: isPrometheusAlerts,
    schema: prometheusAlerts,
    cases: [
      ['firing alerts', copy(prometheusFiring)],
      ['resolved alerts', copy(prometheusResolved)],
      ['no alerts', []],
      ['numbers, booleans and null as label values', [alert({ labels: { alertname: 'A', code: 500, up: false, gone: null } })]],
      ['null annotations and times', [alert({ annotations: null, startsAt: null, endsAt: null, generatorURL: null })]],
      ['only labels', [{ labels: { alertname: 'A' } }]],
      ['missing labels', [alert({ labels: undefined })]],
      ['an object as a label value', [alert({ labels: { alertname: { nested: true } } })]],
      ['an array as a label value', [alert({ labels: { alertname: ['a'] } })]],
      ['a number as startsAt', [alert({ startsAt: 1714564800 })]],
      ['an alert that is not an object', ['firing']],
      ['an object, not an array', { labels: { alertname: 'A' } }],
    ],
  },
  {
    name: 'Alertmanager webhook',
    check: isAlertmanagerWebhook,
    schema: alertmanagerWebhook,
    cases: [
      ['firing', copy(alertmanagerFiring)],
      ['resolved', copy(alertmanagerResolved)],
      ['null group labels, annotations and truncation', webhook({ groupLabels: null, commonLabels: null, commonAnnotations: null, truncatedAlerts: null })],
      ['no alerts', webhook({ alerts: [] })],
      ['a status other than firing or resolved', webhook({ status: 'pending' })],
      ['an alert status other than firing or resolved', amAlert({ status: 'pending' })],
      ['an alert without a status', amAlert({ status: undefined })],
      ['truncatedAlerts as a string', webhook({ truncatedAlerts: '2' })],
      ['alerts missing', webhook({ alerts: undefined })],
      ['alerts as an object', webhook({ alerts: {} })],
      ['an object as a common label value', webhook({ commonLabels: { team: { a: 1 } } })],
      ['a number as a fingerprint', amAlert({ fingerprint: 12 })],
    ],
  },
];

describe('readWith: the compiled source checks agree with zod', () => {
  for (const source of sources) {
    describe(source.name, () => {
      for (const [name, body] of source.cases) {
        it(name, () => {
          const zod = source.schema.safeParse(body);
          assert.equal(source.check(body), zod.success, `check and zod disagree on: ${name}`);
          const read = readWith(source.check, source.schema, body);
          assert.equal(read.ok, zod.success);
          if (read.ok) {
            assert.equal(read.value, body, 'a body the check passes is the value itself, not a copy');
            assert.deepEqual(zod.data, body, 'zod reads it unchanged');
          } else {
            assert.ok(read.errors.length > 0 && read.errors.every((e) => typeof e.path === 'string'), 'zod names the fields');
          }
        });
      }
    });
  }
});
