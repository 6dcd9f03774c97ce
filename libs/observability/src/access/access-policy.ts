/*
 * Who may do what through the management APIs. Pure: a role, a method and a path in, a yes
 * or no out, so the rules read as one table and are tested as one.
 */

import type { Role } from '@herald/config';

/** Who is calling, once a token or a trusted proxy header has said so. */
export interface Identity {
  readonly name: string;
  readonly role: Role;
  /** False for the shared HERALD_ADMIN_TOKEN: it names no person, so a person's name may come with the request. */
  readonly personal: boolean;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What a responder may change on top of reading: the work of answering an incident. */
const RESPONDER_ACTIONS: ReadonlyArray<{ readonly methods: readonly string[]; readonly path: RegExp }> = [
  { methods: ['POST'], path: /^\/v1\/incidents\/[^/]+\/(acknowledge|resolve|notes)$/ },
  { methods: ['POST'], path: /^\/v1\/silences$/ },
  { methods: ['PUT', 'DELETE'], path: /^\/v1\/silences\/[^/]+$/ },
];

/** POSTs that change nothing (asking where alerts would go), so a viewer may ask them too. */
const QUESTIONS: ReadonlyArray<RegExp> = [/^\/v1\/routes\/test(?:\/batch)?$/];

export function permits(role: Role, method: string, path: string): boolean {
  const upper = method.toUpperCase();
  const bare = path.split('?', 1)[0] ?? '';
  if (role === 'admin' || READS.has(upper)) return true;
  if (upper === 'POST' && QUESTIONS.some((q) => q.test(bare))) return true;
  if (role === 'viewer') return false;
  return RESPONDER_ACTIONS.some((a) => a.methods.includes(upper) && a.path.test(bare));
}
