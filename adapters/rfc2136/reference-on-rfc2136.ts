/**
 * The reference enactor on an RFC 2136 server, as `dnsplan conform --rfc2136` runs it: the plan
 * store, claims and records in an authoritative zone, one DNS client for the Planner and the
 * collector and one per enactor (as in production), opened once and reused across resets, and
 * observed by DNS queries to the same server. `auto` starts a throwaway named for the run.
 */
import { randomBytes } from 'node:crypto';
import type { Adapter } from '../../conformance/index.js';
import { ReferenceAdapter, type Backend } from '../reference/index.js';
import { openRfc2136Backend, type Rfc2136Backend } from './backend.js';
import { startNamed, type NamedServer } from './named.js';
import type { TsigKey } from './tsig.js';
import type { ServerAddress } from './transport.js';

/** The zone dnsplan uses when none is given. */
export const DEFAULT_RFC2136_ZONE = 'dnsplan.test.';

export interface ReferenceOnRfc2136Options {
  /** A reference variant or mutant name. */
  readonly variant: string;
  /** The server, or `auto` for a named started here. */
  readonly server: ServerAddress | 'auto';
  readonly zone?: string;
  /** Signs updates; with `auto` the generated key is used. */
  readonly tsig?: TsigKey;
  /** The run's endpoints and enactors; with `served`, each reset's constants say them instead. */
  readonly endpoints: readonly string[];
  readonly enactors: readonly string[];
  /** Per query or update; 2000 ms when not given. */
  readonly timeoutMs?: number;
  /** The run's label in the zone; a fresh one when not given. */
  readonly runId?: string;
  /**
   * As `serve-reference` runs it: the endpoints under the names each reset gives (the harness's
   * `names`, else the run's own), observed by the implementation's own word, which reads the
   * records back by DNS queries. Otherwise the harness observes the zone itself.
   */
  readonly served?: boolean;
}

/** A run id that is a DNS label: `r` and 10 random base-36 characters. */
export function newRfc2136RunId(): string {
  return `r${[...randomBytes(10)].map((b) => (b % 36).toString(36)).join('')}`;
}

/** An adapter on the server, with the named it started (if any) and where it serves. */
export interface ReferenceOnRfc2136 extends Adapter {
  readonly server: ServerAddress;
  readonly named?: NamedServer;
}

/** Opens the adapter; fails with one sentence when named does not start or the server does not serve the zone. */
export async function openReferenceOnRfc2136(o: ReferenceOnRfc2136Options): Promise<ReferenceOnRfc2136> {
  const zone = o.zone ?? DEFAULT_RFC2136_ZONE;
  const named = o.server === 'auto' ? await startNamed({ zone }) : undefined;
  const server = named === undefined ? (o.server as ServerAddress) : { host: named.host, port: named.port };
  const tsig = named?.key ?? o.tsig;
  const runId = o.runId ?? newRfc2136RunId();
  const open = (names?: Readonly<Record<string, string>>, shape: { endpoints: readonly string[]; enactors: readonly string[] } = o): Promise<Rfc2136Backend> =>
    openRfc2136Backend({
      server,
      zone,
      runId,
      endpoints: shape.endpoints,
      enactors: shape.enactors,
      ...(tsig === undefined ? {} : { tsig }),
      ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
      ...(names === undefined ? {} : { names }),
    });
  let first: Rfc2136Backend;
  try {
    first = await open();
  } catch (error) {
    await named?.stop();
    throw error;
  }
  const clients: Rfc2136Backend[] = [first];
  let slot = 0;
  const client = async (i: number): Promise<Backend> => keptOpen((clients[i] ??= await open()));
  const reference = new ReferenceAdapter(
    o.served
      ? { variant: o.variant, backend: (c, names) => open(names, c), enactorBackend: (c, names) => open(names, c) }
      : {
          variant: o.variant,
          backend: () => ((slot = 1), client(0)),
          enactorBackend: () => client(slot++),
          observer: { name: `dns ${first.zone.server}`, observe: () => first.observer.observe() },
        },
  );
  const where = `${named === undefined ? 'DNS server' : 'named'} ${first.zone.server} (zone ${zone}, run ${runId})`;
  return {
    server,
    ...(named === undefined ? {} : { named }),
    target: `${reference.target} on ${where}`,
    observer: o.served ? reference.observer : `dns (queries to ${named === undefined ? '' : 'named at '}${first.zone.server})`,
    reset: (r) => reference.reset(r),
    plan: (p) => reference.plan(p),
    step: (e) => reference.step(e),
    collect: () => reference.collect(),
    crash: (e) => reference.crash(e),
    observe: () => reference.observe(),
    close: async () => {
      await reference.close();
      for (const c of clients) c.zone.close();
      await named?.stop();
    },
  };
}

/** A backend the reference adapter may close at every reset while the client stays open. */
export function keptOpen(backend: Backend): Backend {
  return { plans: backend.plans, dns: backend.dns, close: async () => undefined };
}
