/**
 * Reads etcd at one revision: the first read fixes the revision and every later read of the
 * same reader sees the store as it was then, so one observation is one consistent snapshot.
 */
import type { IRangeRequest, IRangeResponse } from 'etcd3';
import type { KeyReader, StoredKey } from './a-query.js';
import type { EtcdConnection } from './etcd-connection.js';
import { keyRange, prefixRange, storedKeys } from './etcd-ops.js';

/** A {@link KeyReader} pinned to the revision of its first read. */
export class SnapshotReader implements KeyReader {
  private revision: string | undefined;

  constructor(private readonly etcd: EtcdConnection) {}

  async prefix(prefix: string): Promise<readonly StoredKey[]> {
    return storedKeys(await this.read(`read ${prefix}`, prefixRange(prefix, this.revision)));
  }

  async exact(key: string): Promise<StoredKey | undefined> {
    const [kv] = storedKeys(await this.read(`read ${key}`, keyRange(key, this.revision)));
    return kv;
  }

  private async read(operation: string, request: IRangeRequest): Promise<IRangeResponse> {
    const reply = await this.etcd.range(operation, request);
    this.revision ??= reply.header.revision;
    return reply;
  }
}
