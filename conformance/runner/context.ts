import type { Constants, VariantName } from '../../spec/index.js';
import type { Adapter } from '../adapter.js';
import type { Coverage } from '../coverage.js';
import type { RequiredLevel } from '../levels.js';
import type { ProtocolConstants } from '../protocol/index.js';

/** What every run of one conformance run shares. */
export interface RunContext {
  readonly adapter: Adapter;
  /** The spec's constants (shape and the variant the histories are checked against). */
  readonly constants: Constants;
  readonly protocolConstants: ProtocolConstants;
  readonly specVariant: VariantName;
  readonly level: RequiredLevel;
  readonly seed: number;
  readonly commandLine?: string;
  readonly coverage?: Coverage;
  /** How many times a command answered with an error that says `happened: no` is sent again (default 0). */
  readonly retries?: number;
  /** Absolute time (ms since the epoch) after which no step is started. */
  readonly deadline?: number;
}
