import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { IncidentSnapshot } from '@herald/contracts';
import { UpstreamClient, type CallerHeaders } from '../upstream/upstream-client.js';
import { matchesAllLabels, parseLabelMatcher, type LabelMatcher } from './domain/am-matchers.js';
import {
  expired,
  filterAlerts,
  groupAlerts,
  routedLabels,
  toAmAlert,
  toAmSilence,
  toHeraldSilence,
  silenceMatchers,
  type AmAlert,
  type AmAlertGroup,
  type AmSilence,
} from './domain/am-views.js';
import { AmAlertsQuery, AmPostableSilence, HeraldIncidentPage, HeraldReceiverList, HeraldRouteTestBatch, HeraldSilenceList, HeraldSilenceView } from './alertmanager.schemas.js';

/** A request Alertmanager would refuse with 400; the message names what is wrong. */
export class AmBadRequest extends Error {}

/** Open incidents are read a page at a time; beyond this many the API shows the newest. */
const MAX_PAGES = 10;
const PAGE_SIZE = 200;
/** The receiver alert groups show for alerts the routing tree sends nowhere. */
export const AM_RECEIVER = 'herald';

function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new AmBadRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data;
}

function parseFilter(filter: readonly string[]): LabelMatcher[] {
  return filter.map((text) => {
    const matcher = parseLabelMatcher(text);
    if (typeof matcher === 'string') throw new AmBadRequest(matcher);
    return matcher;
  });
}

function receiverPattern(text: string): RegExp {
  try {
    return new RegExp(`^(?:${text})$`);
  } catch {
    throw new AmBadRequest(`receiver: invalid regular expression ${text}`);
  }
}

/** Alertmanager API v2 on top of Herald's incidents (alerts) and dispatch (silences, receivers). */
@Injectable()
export class AlertmanagerApi {
  private readonly startedAt = new Date().toISOString();

  constructor(private readonly upstream: UpstreamClient) {}

  status(): Record<string, unknown> {
    return {
      cluster: { name: 'herald', status: 'disabled', peers: [] },
      versionInfo: { version: 'herald', revision: '', branch: '', buildUser: '', buildDate: '', goVersion: '' },
      config: { original: '# Herald: routes, receivers and silences are managed through /v1 and herald.yaml\n' },
      uptime: this.startedAt,
    };
  }

  async alerts(query: unknown, caller: CallerHeaders): Promise<AmAlert[]> {
    const q = parseInput(AmAlertsQuery, query);
    const matchers = parseFilter(q.filter);
    const [incidents, silences] = await Promise.all([this.openIncidents(caller), this.silenceList(caller)]);
    const routed = await this.routedReceivers(incidents, caller);
    const now = Date.now();
    const alerts = filterAlerts(
      incidents.map((incident, i) => toAmAlert(incident, silences, now, routed[i] ?? [])),
      { matchers, active: q.active, silenced: q.silenced },
    );
    if (q.receiver === undefined) return alerts;
    const pattern = receiverPattern(q.receiver);
    return alerts.filter((a) => a.receivers.some((r) => pattern.test(r.name)));
  }

  /** Where dispatch's routing tree sends each incident ("where would this alert go"), in one call. */
  private async routedReceivers(incidents: readonly IncidentSnapshot[], caller: CallerHeaders): Promise<string[][]> {
    if (incidents.length === 0) return [];
    const { results } = await this.upstream.call('dispatch', 'POST', '/v1/routes/test/batch', caller, HeraldRouteTestBatch, {
      labelSets: incidents.map(routedLabels),
    });
    return results.map((r) => r.receivers);
  }

  async alertGroups(query: unknown, caller: CallerHeaders): Promise<AmAlertGroup[]> {
    return groupAlerts(await this.alerts(query, caller), AM_RECEIVER);
  }

  async silences(query: unknown, caller: CallerHeaders): Promise<AmSilence[]> {
    const matchers = parseFilter(parseInput(z.object({ filter: AmAlertsQuery.shape.filter }), query).filter);
    const now = Date.now();
    // As in Alertmanager, a filter keeps the silences whose own matchers satisfy it as labels.
    return (await this.silenceList(caller))
      .filter((s) => matchesAllLabels(matchers, Object.fromEntries(silenceMatchers(s).map((m) => [m.name, m.value]))))
      .map((s) => toAmSilence(s, now));
  }

  async silence(id: string, caller: CallerHeaders): Promise<AmSilence> {
    return toAmSilence(await this.upstream.call('dispatch', 'GET', `/v1/silences/${encodeURIComponent(id)}`, caller, HeraldSilenceView), Date.now());
  }

  /** Creates a silence, or replaces the one named by `id` (Alertmanager's update). */
  async postSilence(body: unknown, caller: CallerHeaders): Promise<{ silenceID: string }> {
    const silence = parseInput(AmPostableSilence, body);
    const herald = toHeraldSilence(silence);
    const saved = silence.id
      ? await this.upstream.call('dispatch', 'PUT', `/v1/silences/${encodeURIComponent(silence.id)}`, caller, HeraldSilenceView, herald)
      : await this.upstream.call('dispatch', 'POST', '/v1/silences', caller, HeraldSilenceView, herald);
    return { silenceID: saved.id };
  }

  async expireSilence(id: string, caller: CallerHeaders): Promise<void> {
    const path = `/v1/silences/${encodeURIComponent(id)}`;
    const current = await this.upstream.call('dispatch', 'GET', path, caller, HeraldSilenceView);
    const now = Date.now();
    if (Date.parse(current.endsAt) <= now) return;
    await this.upstream.call('dispatch', 'PUT', path, caller, HeraldSilenceView, expired(current, now));
  }

  async receivers(caller: CallerHeaders): Promise<Array<{ name: string }>> {
    const { items } = await this.upstream.call('dispatch', 'GET', '/v1/receivers', caller, HeraldReceiverList);
    return [{ name: AM_RECEIVER }, ...items.map((r) => ({ name: r.id }))];
  }

  private async silenceList(caller: CallerHeaders): Promise<Array<z.output<typeof HeraldSilenceView>>> {
    return (await this.upstream.call('dispatch', 'GET', '/v1/silences', caller, HeraldSilenceList)).items;
  }

  private async openIncidents(caller: CallerHeaders): Promise<IncidentSnapshot[]> {
    const incidents: IncidentSnapshot[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const params: URLSearchParams = new URLSearchParams({ status: 'triggered,acknowledged', limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) });
      const result: z.output<typeof HeraldIncidentPage> = await this.upstream.call('incidents', 'GET', `/v1/incidents?${params.toString()}`, caller, HeraldIncidentPage);
      incidents.push(...result.items);
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    return incidents;
  }
}
