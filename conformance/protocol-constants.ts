/** The protocol's constants of a run (enactors and endpoints by name) from the model's shape. */
import { endpointNames, enactorNames, type Shape } from '../spec/index.js';
import type { ProtocolConstants } from './protocol/index.js';

export function protocolConstantsOf(shape: Shape): ProtocolConstants {
  return {
    enactors: enactorNames(shape),
    endpoints: endpointNames(shape),
    maxPlan: shape.maxPlan,
    keep: shape.keep,
    collector: shape.collector,
    crashes: shape.crashes,
  };
}
