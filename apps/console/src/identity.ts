/*
 * Who is acting. With a scoped token or behind an authenticating proxy the server knows and
 * records it whatever the console sends; with the shared admin token the name given at
 * sign-in is what goes into the timeline.
 */
const NAME_KEY = 'herald.name';

export const identity = {
  name: (): string => localStorage.getItem(NAME_KEY) ?? 'console user',
  set: (name: string): void => localStorage.setItem(NAME_KEY, name),
};
