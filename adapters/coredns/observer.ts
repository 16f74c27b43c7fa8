/**
 * The CoreDNS backend's observers implement the harness's Observer interface
 * (conformance/observe.ts): they read the plan store and each endpoint's answer from the
 * backend itself, not from the implementation's word.
 */
export type { ObservedState, Observer } from '../../conformance/observe.js';
