import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { call, CliError } from '../client.js';
import { checkConfig, formatProblem } from '../config/check-config.js';
import { fieldReference } from '../config/field-reference.js';
import { heraldFileJsonSchema } from '../config/herald-file.js';
import { parseLabels } from '../output.js';
import { asJson, type Command } from './context.js';

/** `herald routes test alertname=DiskFull severity=critical`: the receivers the routing tree picks. */
const routeTest: Command = async (context) => {
  const labels = parseLabels(context.args);
  if (typeof labels === 'string') throw new CliError(`"${labels}" is not a label: give name=value pairs`);
  const result = await call(context.connection, z.object({ receivers: z.array(z.string()) }), 'POST', '/v1/routes/test', { labels });
  return asJson(context, result) ?? (result.receivers.length > 0 ? result.receivers.join('\n') : 'no receiver: nothing would be sent');
};

export const ROUTE_COMMANDS: Readonly<Record<string, Command>> = { test: routeTest };

/** Offline: the file against the schemas the services parse it with; a problem exits non-zero. */
const check: Command = async (context) => {
  const file = context.args[0];
  if (!file) throw new CliError('usage: herald config check FILE');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const problems = checkConfig(text, file);
  if (problems.length > 0) throw new CliError(problems.map((p) => formatProblem(file, p)).join('\n'));
  return `${file}: valid`;
};

const schema: Command = async () => JSON.stringify(heraldFileJsonSchema(), null, 2);

const reference: Command = async () => fieldReference(heraldFileJsonSchema());

export const CONFIG_COMMANDS: Readonly<Record<string, Command>> = { check, schema, reference };
