import type { ComponentChildren } from 'preact';

export const Badge = ({ kind, children }: { kind: string; children: ComponentChildren }) => <span class={`badge badge-${kind}`}>{children}</span>;

export function Labels({ labels }: { labels: Readonly<Record<string, string>> }) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return <span class="muted">none</span>;
  return (
    <ul class="labels">
      {entries.map(([name, value]) => (
        <li key={name}>
          <span class="label-name">{name}</span>=<span class="label-value">{value}</span>
        </li>
      ))}
    </ul>
  );
}

export const Problem = ({ message }: { message: string | undefined }) =>
  message ? (
    <p class="problem" role="alert">
      {message}
    </p>
  ) : null;

export const Loading = ({ error }: { error: string | undefined }) => (error ? <Problem message={error} /> : <p class="muted">loading…</p>);

export function Section({ title, children, actions }: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="card">
      <header class="card-header">
        <h2>{title}</h2>
        {actions ? <div class="actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

/** A table with a header row; empty names are action columns. */
export function Table({ class: className, columns, children }: { class: string; columns: readonly string[]; children: ComponentChildren }) {
  return (
    <table class={className}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i}>{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** Loading, the problem, a sentence when there is nothing, or the list itself. */
export function Listed<T>({
  items,
  error,
  empty,
  children,
}: {
  items: readonly T[] | undefined;
  error: string | undefined;
  empty: string;
  children: (items: readonly T[]) => ComponentChildren;
}) {
  if (!items) return <Loading error={error} />;
  if (items.length === 0) return <p class="muted empty">{empty}</p>;
  return <>{children(items)}</>;
}
