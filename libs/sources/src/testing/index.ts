/** Realistic sample payloads and JSON helpers, for tests of code that consumes sources (`@herald/sources/testing`). */
export { SAMPLES } from './samples.js';
export { allPaths, DELETE, setPath, withChanges } from './json-paths.js';
export { WIRE_SAMPLES } from './wire-samples.js';
export { type ExpectedAlert, type WireSample, type WireSamples } from './wire-sample.js';
