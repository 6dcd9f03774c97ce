// Console output for the developer scripts: step headers, timings, colours and
// the one error type whose message always says what is missing and how to fix it.

/** Colours only for a terminal, and never when the user opted out (https://no-color.org). */
export function useColour(stream = process.stdout) {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

const CODES = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, grey: 90 };

export function paint(colour, text, stream = process.stdout) {
  if (!useColour(stream)) return text;
  return `\x1b[${CODES[colour]}m${text}\x1b[0m`;
}

/** An expected failure: `problem` says what is wrong, `fix` the command or action that cures it. */
export class HeraldError extends Error {
  constructor(problem, fix) {
    super(problem);
    this.name = 'HeraldError';
    this.fix = fix;
  }
}

export function formatDuration(ms) {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${Math.round((ms % 60_000) / 1000)}s`;
}

export function info(message) {
  console.log(`  ${message}`);
}

export function warn(message) {
  console.log(`  ${paint('yellow', '!')} ${message}`);
}

/**
 * Run one named step: a `▸ name` header before, a `✓ name (1.2s)` line after. Exceptions
 * propagate; a step that returns `{ ok: false }` is shown as failed without throwing.
 */
export async function step(name, fn) {
  console.log(paint('bold', `▸ ${name}`));
  const started = performance.now();
  try {
    const result = await fn();
    const mark = result?.ok === false ? paint('red', '✗') : paint('green', '✓');
    console.log(`${mark} ${name} ${paint('grey', `(${formatDuration(performance.now() - started)})`)}`);
    return result;
  } catch (error) {
    console.log(`${paint('red', '✗')} ${name} ${paint('grey', `(${formatDuration(performance.now() - started)})`)}`);
    throw error;
  }
}

/** Print an error for a person: the problem, then how to fix it; stack traces only for real bugs. */
export function reportError(error) {
  if (error instanceof HeraldError) {
    console.error(`\n${paint('red', 'error:', process.stderr)} ${error.message}`);
    if (error.fix) console.error(`${paint('bold', 'fix:', process.stderr)}   ${error.fix.split('\n').join('\n       ')}`);
  } else {
    console.error(`\n${paint('red', 'unexpected error in scripts/herald.mjs:', process.stderr)}`);
    console.error(error?.stack ?? String(error));
  }
}
