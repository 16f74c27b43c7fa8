export * from './spec.js';
export * from './result.js';
export * from './check.js';
export * from './explore.js';
export * from './spec-ref.js';
export * from './simulate.js';
export * from './random.js';
export { StateStore } from './state-store.js';
