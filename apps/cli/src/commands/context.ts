import type { Connection } from '../client.js';

/** What every command gets: the words after its name, the flags, and where Herald is. */
export interface CommandContext {
  readonly args: readonly string[];
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
  readonly connection: Connection;
}

export type Command = (context: CommandContext) => Promise<string>;

export const flag = (context: CommandContext, name: string): string | undefined => {
  const value = context.flags[name];
  return typeof value === 'string' ? value : undefined;
};

export const asJson = (context: CommandContext, value: unknown): string | undefined => (context.flags.json ? JSON.stringify(value, null, 2) : undefined);
