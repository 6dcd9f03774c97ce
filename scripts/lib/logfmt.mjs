// Turns the services' pino JSON lines into short human lines for `npm start`.

const LEVEL_NAMES = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const LEVEL_COLOURS = { TRACE: 'grey', DEBUG: 'grey', INFO: 'green', WARN: 'yellow', ERROR: 'red', FATAL: 'red' };
/** Fields every line has that the prefix or the compact layout already shows. */
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'v']);

function levelName(level) {
  if (typeof level === 'number') return LEVEL_NAMES[level] ?? `L${level}`;
  return String(level ?? '').toUpperCase();
}

/** HH:MM:SS.mmm local time from pino's epoch-ms (default) or an ISO string (isoTime). */
function clock(time) {
  const date = new Date(time ?? Date.now());
  if (Number.isNaN(date.getTime())) return String(time);
  const pad = (n, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function fieldValue(value) {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

/**
 * One log line → one or more display lines. Non-JSON lines (a crash trace, a library's
 * console.log) are returned unchanged. An error's stack follows on its own lines.
 * `paint` colours a string (identity when not on a terminal); `service` drops a redundant
 * `service`/`name` field equal to it.
 */
export function formatLogLine(line, { paint = (_c, text) => text, service } = {}) {
  if (!line.startsWith('{')) return line;
  let record;
  try {
    record = JSON.parse(line);
  } catch {
    return line;
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return line;

  const level = levelName(record.level);
  const parts = [paint('grey', clock(record.time)), paint(LEVEL_COLOURS[level] ?? 'bold', level.padEnd(5)), record.msg ?? ''];
  let stack = '';
  for (const [key, value] of Object.entries(record)) {
    if (HIDDEN.has(key) || value === undefined) continue;
    if ((key === 'service' || key === 'name') && value === service) continue;
    if ((key === 'err' || key === 'error') && value && typeof value === 'object' && typeof value.stack === 'string') {
      stack = value.stack;
      parts.push(`${key}=${fieldValue(value.message ?? value.type ?? 'error')}`);
      continue;
    }
    parts.push(paint('grey', `${key}=`) + fieldValue(value));
  }
  const head = parts.filter((part) => part !== '').join(' ');
  return stack ? `${head}\n${stack.split('\n').map((l) => `    ${l}`).join('\n')}` : head;
}
