import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { Registry } from '@herald/observability';
import { IngestionError, HTTP_STATUS } from '../webhooks/ingestion.errors.js';
import { NormalisedAlerts } from './normalised-alerts.js';
import { SnsConfirmer } from './sns-confirmer.js';

const logger = pino({ level: 'silent' });

/** An SNS subscription notice whose SubscribeURL is a local server answering `status`. */
describe('NormalisedAlerts: acting on an SNS subscription before the request is answered', () => {
  let server: Server;
  let base: string;

  before(async () => {
    server = createServer((req, res) => res.writeHead(req.url?.startsWith('/ok') ? 200 : 403).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const notice = (path: string) => ({ kind: 'sns-subscription-confirmation' as const, subscribeUrl: `${base}${path}`, topicArn: 'arn:aws:sns:eu-west-1:1:alarms' });
  const confirmations = async (registry: Registry, outcome: string) =>
    (await registry.getSingleMetric('herald_sns_subscription_confirmations_total')?.get())?.values.find((v) => v.labels['outcome'] === outcome)?.value;

  const cases: Array<{ name: string; enabled: boolean; path: string; outcome: string; refused: boolean }> = [
    { name: 'confirmed: the request is answered as accepted', enabled: true, path: '/ok', outcome: 'confirmed', refused: false },
    { name: 'auto-confirm off: logged for an operator, accepted', enabled: false, path: '/ok', outcome: 'skipped', refused: false },
    { name: 'SNS refused the visit: a 503 for SNS to retry, naming the subscription', enabled: true, path: '/denied', outcome: 'failed', refused: true },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const registry = new Registry();
      const alerts = new NormalisedAlerts(new SnsConfirmer({ enabled: c.enabled, timeoutMs: 2_000 }), logger, registry);
      const acting = alerts.act(notice(c.path), 'cloudwatch', 'aws');
      if (c.refused) {
        await assert.rejects(acting, (error: unknown) => {
          assert.ok(error instanceof IngestionError);
          assert.equal(HTTP_STATUS[error.code], 503);
          assert.match(error.message, /could not confirm the SNS subscription \(SNS answered 403\)/);
          assert.deepEqual(error.refusedFor, { source: 'cloudwatch', integrationId: 'aws' });
          return true;
        });
      } else await acting;
      assert.equal(await confirmations(registry, c.outcome), 1);
    });
  }
});
