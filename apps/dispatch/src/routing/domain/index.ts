export * from './matchers.js';
export * from './route-tree.js';
export * from './silences.js';
export * from './inhibition.js';
export * from './maintenance.js';
export * from './mute.js';
