// Child processes: run in the foreground, capture output, or send output to a log file.
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { ROOT } from './host.mjs';

/** Shell-style exit code for a child killed by a signal (SIGINT → 130). */
function exitCodeOf(code, signal) {
  if (code !== null) return code;
  return 128 + (constants.signals[signal] ?? 1);
}

/**
 * Start a command in the foreground and return the child plus a promise of its exit code.
 * stdin is ignored by default so nothing can sit waiting for input (CI has none).
 * While it runs, SIGINT/SIGTERM sent to us are passed on and we wait for the child,
 * so a Ctrl-C never leaves it printing after the shell prompt is back.
 */
export function startForeground(command, args, { env = process.env, cwd = ROOT, stdout = 'inherit' } = {}) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', stdout, 'inherit'] });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const done = new Promise((resolvePromise, reject) => {
    const cleanUp = () => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    };
    child.once('error', (error) => {
      cleanUp();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      cleanUp();
      resolvePromise(exitCodeOf(code, signal));
    });
  });
  return { child, done };
}

/** Run a command with inherited output and resolve to its exit code (see startForeground). */
export function run(command, args, options) {
  return startForeground(command, args, options).done;
}

/** Run a short command and collect its output. Only for commands that do not leave daemons behind. */
export function capture(command, args, { env = process.env, cwd = ROOT, timeoutMs = 30_000 } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', (error) => resolvePromise({ code: 127, stdout, stderr: stderr + String(error.message) }));
    child.once('close', (code, signal) => resolvePromise({ code: exitCodeOf(code, signal), stdout, stderr }));
  });
}

/**
 * Run a command with its output appended to a log file. Used for apt and for commands that
 * start daemons: a daemon that inherited a pipe from us would keep that pipe open after we
 * exit and make CI wait for ever, while a file descriptor holds nobody up.
 */
export function runToLog(command, args, logFile, { env = process.env, cwd = ROOT } = {}) {
  return new Promise((resolvePromise) => {
    const fd = openSync(logFile, 'a');
    const startOffset = fstatSync(fd).size; // bytes: only this run's output is returned
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', fd, fd] });
    child.once('error', (error) => {
      closeSync(fd);
      resolvePromise({ code: 127, output: `${command}: ${error.message}` });
    });
    child.once('exit', (code, signal) => {
      closeSync(fd);
      resolvePromise({ code: exitCodeOf(code, signal), output: readFileSync(logFile).subarray(startOffset).toString('utf8') });
    });
  });
}

/** The last `lines` lines of some output, indented, to show under an error. */
export function tail(output, lines = 20) {
  return output
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .map((line) => `    ${line}`)
    .join('\n');
}
