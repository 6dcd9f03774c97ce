/** Realistic sample payloads and JSON helpers, for tests of code that consumes sources (`@herald/sources/testing`). */
export { SAMPLES } from './samples.js';
export { allPaths, DELETE, setPath, withChanges } from './json-paths.js';
