import { setFlagsFromString } from 'node:v8';

/**
 * Keeps WebAssembly on V8's baseline compiler (Liftoff). The only WebAssembly dispatch runs is
 * undici's HTTP response parser (llhttp). Once it is hot, V8's optimising compiler (TurboFan)
 * recompiles its large state machine and needs 30–40 MiB of compiler memory for a moment, at the
 * start of every burst; glibc keeps most of it, so dispatch's resident memory stayed that much
 * higher for the rest of its life. Baseline code is slower per byte parsed, but parsing a
 * receiver's short response is well under 1% of dispatch's CPU (README, Performance).
 *
 * Imported first by main.ts: the flag must be set before undici compiles llhttp, which it does
 * lazily, on its first connection. V8 reads it when a module is compiled, so setting it at run
 * time is safe here (no module has been compiled yet).
 */
setFlagsFromString('--liftoff-only');
