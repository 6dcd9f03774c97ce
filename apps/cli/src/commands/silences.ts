import { z } from 'zod';
import { call, CliError } from '../client.js';
import { parseDuration, table } from '../output.js';
import { asJson, flag, type Command } from './context.js';

const Silence = z.object({ id: z.string(), matchers: z.array(z.string()), startsAt: z.string(), endsAt: z.string(), author: z.string(), comment: z.string(), state: z.string().optional() });
const List = z.object({ items: z.array(Silence) });

/** `herald silences add 'alertname="DiskFull"' --comment … [--duration 2h] [--author NAME]`. */
const add: Command = async (context) => {
  const comment = flag(context, 'comment');
  if (context.args.length === 0 || !comment) throw new CliError('usage: herald silences add MATCHER… --comment TEXT [--duration 2h] [--author NAME]');
  const duration = parseDuration(flag(context, 'duration') ?? '2h');
  if (duration === undefined) throw new CliError('--duration must be like 30m, 2h or 1d');
  const startsAt = new Date();
  const silence = await call(context.connection, Silence, 'POST', '/v1/silences', {
    matchers: context.args,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + duration).toISOString(),
    author: flag(context, 'author') ?? process.env.USER ?? 'herald cli',
    comment,
  });
  return asJson(context, silence) ?? silence.id;
};

const list: Command = async (context) => {
  const { items } = await call(context.connection, List, 'GET', `/v1/silences${context.flags.expired ? '' : '?state=active'}`);
  return asJson(context, items) ?? table([['ID', 'STATE', 'ENDS', 'AUTHOR', 'MATCHERS', 'COMMENT'], ...items.map((s) => [s.id, s.state, s.endsAt, s.author, s.matchers.join(', '), s.comment])]);
};

/** Expires as Alertmanager does (the silence stays, ended now), through the gateway's Alertmanager API. */
const expire: Command = async (context) => {
  const id = context.args[0];
  if (!id) throw new CliError('usage: herald silences expire ID');
  await call(context.connection, z.unknown(), 'DELETE', `/api/v2/silence/${encodeURIComponent(id)}`);
  return `${id} expired`;
};

export const SILENCE_COMMANDS: Readonly<Record<string, Command>> = { add, list, expire };
