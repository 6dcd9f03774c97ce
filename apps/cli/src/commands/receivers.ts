import { z } from 'zod';
import { call, CliError } from '../client.js';
import { table } from '../output.js';
import { asJson, flag, type Command, type CommandContext } from './context.js';

const Receiver = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.string(),
  enabled: z.boolean(),
  paused: z.boolean(),
  health: z.object({ circuit: z.string(), failingSince: z.string().nullable() }).optional(),
});
const Delivery = z.object({ jobId: z.string(), receiverId: z.string(), eventType: z.string(), status: z.string(), attempts: z.number(), lastAttemptAt: z.string().nullable(), lastStatusCode: z.number().nullable() });

const receiverId = (context: CommandContext): string => {
  const id = context.args[0];
  if (!id) throw new CliError('give the receiver id (see `herald receivers list`)');
  return encodeURIComponent(id);
};

const list: Command = async (context) => {
  const { items } = await call(context.connection, z.object({ items: z.array(Receiver) }), 'GET', '/v1/receivers');
  return (
    asJson(context, items) ??
    table([['ID', 'CHANNEL', 'STATE', 'CIRCUIT', 'FAILING SINCE', 'NAME'], ...items.map((r) => [r.id, r.channel, r.paused || !r.enabled ? 'paused' : 'active', r.health?.circuit, r.health?.failingSince, r.name])])
  );
};

const test: Command = async (context) => {
  const outcome = await call(context.connection, z.looseObject({ outcome: z.string(), statusCode: z.number().optional() }), 'POST', `/v1/receivers/${receiverId(context)}/test`);
  return asJson(context, outcome) ?? `test ${outcome.outcome}${outcome.statusCode ? ` (HTTP ${outcome.statusCode})` : ''}`;
};

const setState =
  (verb: 'pause' | 'resume'): Command =>
  async (context) => {
    const receiver = await call(context.connection, Receiver, 'POST', `/v1/receivers/${receiverId(context)}/${verb}`);
    return asJson(context, receiver) ?? `${receiver.id} ${verb === 'pause' ? 'paused' : 'resumed'}`;
  };

export const RECEIVER_COMMANDS: Readonly<Record<string, Command>> = { list, test, pause: setState('pause'), resume: setState('resume') };

const deliveries: Command = async (context) => {
  const query = new URLSearchParams({ limit: flag(context, 'limit') ?? '50' });
  for (const name of ['receiver', 'status', 'incident']) {
    const value = flag(context, name);
    if (value) query.set(name, value);
  }
  const { items } = await call(context.connection, z.object({ items: z.array(Delivery) }), 'GET', `/v1/deliveries?${query.toString()}`);
  return (
    asJson(context, items) ??
    table([['JOB', 'RECEIVER', 'EVENT', 'STATUS', 'ATTEMPTS', 'LAST ATTEMPT', 'HTTP'], ...items.map((d) => [d.jobId, d.receiverId, d.eventType, d.status, d.attempts, d.lastAttemptAt, d.lastStatusCode])])
  );
};

const replay: Command = async (context) => {
  const job = context.args[0];
  if (!job) throw new CliError('usage: herald deliveries replay JOB');
  const replayed = await call(context.connection, z.looseObject({ jobId: z.string() }), 'POST', `/v1/deliveries/${encodeURIComponent(job)}/replay`);
  return asJson(context, replayed) ?? `replayed as ${replayed.jobId}`;
};

export const DELIVERY_COMMANDS: Readonly<Record<string, Command>> = { list: deliveries, replay };
