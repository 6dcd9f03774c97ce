import { z } from 'zod';
import { IncidentEvent, IncidentSnapshot } from '@herald/contracts';
import { call, CliError } from '../client.js';
import { table } from '../output.js';
import { asJson, flag, type Command, type CommandContext } from './context.js';

const Page = z.object({ items: z.array(IncidentSnapshot), nextCursor: z.string().nullable() });
const Detail = z.object({ incident: IncidentSnapshot, timeline: z.array(IncidentEvent) });
const Action = z.object({ incident: IncidentSnapshot });

const idOf = (context: CommandContext): string => {
  const id = context.args[0];
  if (!id) throw new CliError('give the incident id (see `herald incidents list`)');
  return encodeURIComponent(id);
};

const list: Command = async (context) => {
  const query = new URLSearchParams({ status: flag(context, 'status') ?? 'triggered,acknowledged', limit: flag(context, 'limit') ?? '50' });
  for (const name of ['severity', 'service', 'source']) {
    const value = flag(context, name);
    if (value) query.set(name, value);
  }
  const page = await call(context.connection, Page, 'GET', `/v1/incidents?${query.toString()}`);
  return (
    asJson(context, page.items) ??
    table([['ID', 'STATUS', 'SEVERITY', 'SERVICE', 'OPENED', 'SUMMARY'], ...page.items.map((i) => [i.id, i.status, i.severity, i.service, i.openedAt, i.summary])])
  );
};

const show: Command = async (context) => {
  const detail = await call(context.connection, Detail, 'GET', `/v1/incidents/${idOf(context)}`);
  const { incident } = detail;
  const labels = Object.entries(incident.labels).map(([k, v]) => `${k}=${v}`);
  return (
    asJson(context, detail) ??
    [
      `${incident.summary}`,
      `  id        ${incident.id}`,
      `  status    ${incident.status}${incident.flapping ? ' (flapping)' : ''}`,
      `  severity  ${incident.severity}`,
      `  service   ${incident.service ?? '-'}`,
      `  labels    ${labels.join(' ') || '-'}`,
      `  opened    ${incident.openedAt}`,
      'timeline:',
      ...detail.timeline.map((e) => `  ${e.occurredAt}  ${e.type}`),
    ].join('\n')
  );
};

/** `--by NAME` is needed only with the shared admin token: a personal token names its holder. */
const transition =
  (verb: 'acknowledge' | 'resolve'): Command =>
  async (context) => {
    const by = flag(context, 'by');
    const result = await call(context.connection, Action, 'POST', `/v1/incidents/${idOf(context)}/${verb}`, by ? { by } : {});
    return asJson(context, result) ?? `${result.incident.id} is ${result.incident.status}`;
  };

const note: Command = async (context) => {
  const text = context.args.slice(1).join(' ');
  if (!text.trim()) throw new CliError('usage: herald incidents note ID TEXT…');
  const author = flag(context, 'by');
  const result = await call(context.connection, Action, 'POST', `/v1/incidents/${idOf(context)}/notes`, { text, ...(author ? { author } : {}) });
  return asJson(context, result) ?? `note added to ${result.incident.id}`;
};

export const INCIDENT_COMMANDS: Readonly<Record<string, Command>> = { list, show, ack: transition('acknowledge'), resolve: transition('resolve'), note };
