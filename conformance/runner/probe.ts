/**
 * What the implementation says of itself before the runs: one reset whose reply may name it
 * (name and version, for every report) and list the features it does not support. A run
 * then goes without them, Bowtie-style: crashes off when `crash` is unsupported, one endpoint
 * when `endpoints` is, each said in the report as skipped, instead of failing on them. A
 * reset that fails here is left for the first run to report.
 */
import { endpointNames, type Shape } from '../../spec/index.js';
import { planFor } from '../addresses.js';
import { AdapterError, type Adapter } from '../adapter.js';
import type { ResetReply } from '../protocol/index.js';
import { protocolConstantsOf } from '../protocol-constants.js';

export type Feature = NonNullable<NonNullable<ResetReply['result']>['unsupported']>[number];

export interface Probed {
  readonly implementation?: { readonly name: string; readonly version?: string };
  /** The features the run goes without, each because the implementation said it does not support it. */
  readonly skipped: readonly Feature[];
  /** The run's shape without them. */
  readonly shape: Shape;
}

export async function probe(adapter: Adapter, shape: Shape): Promise<Probed> {
  let reply: ResetReply['result'] | void;
  try {
    reply = await adapter.reset({ protocol: 'dnsplan/1', constants: protocolConstantsOf(shape), plan: planFor(1, endpointNames(shape)) });
  } catch (error) {
    if (error instanceof AdapterError) return { skipped: [], shape };
    throw error;
  }
  const unsupported = new Set(reply?.unsupported ?? []);
  const skipped: Feature[] = [];
  let probed = shape;
  if (unsupported.has('crash') && shape.crashes) {
    skipped.push('crash');
    probed = { ...probed, crashes: false };
  }
  if (unsupported.has('endpoints') && shape.endpoints > 1) {
    skipped.push('endpoints');
    probed = { ...probed, endpoints: 1 };
  }
  return { ...(reply?.implementation === undefined ? {} : { implementation: reply.implementation }), skipped, shape: probed };
}
