#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { CliError } from './client.js';
import type { Command } from './commands/context.js';
import { INCIDENT_COMMANDS } from './commands/incidents.js';
import { DELIVERY_COMMANDS, RECEIVER_COMMANDS } from './commands/receivers.js';
import { CONFIG_COMMANDS, ROUTE_COMMANDS } from './commands/routes-config.js';
import { SILENCE_COMMANDS } from './commands/silences.js';

const GROUPS: Readonly<Record<string, Readonly<Record<string, Command>>>> = {
  incidents: INCIDENT_COMMANDS,
  silences: SILENCE_COMMANDS,
  receivers: RECEIVER_COMMANDS,
  deliveries: DELIVERY_COMMANDS,
  routes: ROUTE_COMMANDS,
  config: CONFIG_COMMANDS,
};

const USAGE = `usage: herald <group> <command> [args] [--json]
  incidents  list [--status s] [--severity s] [--service s] [--source s] | show ID | ack ID | resolve ID | note ID TEXT…   (--by NAME with the shared admin token)
  silences   add MATCHER… --comment TEXT [--duration 2h] [--author NAME] | list [--expired] | expire ID
  receivers  list | test ID | pause ID | resume ID
  deliveries list [--receiver ID] [--status s] [--incident ID] | replay JOB
  routes     test NAME=VALUE…
  config     check FILE | schema | reference
Herald is found at HERALD_URL (or --url; default http://127.0.0.1:8085, the gateway) with HERALD_TOKEN (or --token).`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean' },
      expired: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...Object.fromEntries(['status', 'severity', 'service', 'source', 'limit', 'by', 'comment', 'duration', 'author', 'receiver', 'incident'].map((n) => [n, { type: 'string' as const }])),
    },
  });
  const [group, name, ...args] = positionals;
  const command = group && name ? GROUPS[group]?.[name] : undefined;
  if (values.help || !command) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? 0 : 2;
  }
  const output = await command({
    args,
    flags: values,
    connection: { url: values.url ?? process.env.HERALD_URL ?? 'http://127.0.0.1:8085', token: values.token ?? process.env.HERALD_TOKEN },
  });
  console.log(output);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof CliError || (error instanceof Error && error.name === 'TypeError') ? `herald: ${error.message}` : error);
  process.exitCode = 1;
}
