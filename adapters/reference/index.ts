/**
 * The reference implementation: an in-process enactor loop over a plan store and DNS records,
 * in the model's four variants and as mutants that are wrong on purpose. It is an
 * implementation of the protocol, never the spec replayed.
 */
export { ReferenceAdapter } from './adapter.js';
export type { MakeBackend, ReferenceAdapterOptions } from './adapter.js';
export { collect } from './collector.js';
export { doomedPlans } from './doomed.js';
export { Enactor, PartialStepError } from './enactor.js';
export type { EnactorPc } from './enactor.js';
export { MemoryBackend, MemoryDnsStore, MemoryPlanStore, openMemoryBackend } from './memory-backend.js';
export { MODES, MODE_NAMES, MUTANTS, REFERENCE_NAMES, behaviourOf } from './modes.js';
export type { Behaviour, GcMode, Level, Mode, ModeName, Mutant, MutantName, ReferenceName, WriteMode } from './modes.js';
export type { Backend, DnsStore, PlanStore, StoredPlan } from './stores.js';
