/**
 * etcd v3 requests in the shapes dnsplan uses: exact-key and prefix ranges, puts, deletes and
 * transaction compares, with string keys and values.
 */
import type { ICompare, IKeyValue, IRangeRequest, IRangeResponse, IRequestOp, IResponseOp } from 'etcd3';
import type { StoredKey } from './a-query.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

/** The first key after every key that starts with `prefix` (etcd's `range_end` for a prefix). */
export function prefixEnd(prefix: string): Buffer {
  const end = Buffer.from(bytes(prefix));
  for (let i = end.length - 1; i >= 0; i--) {
    if ((end[i] as number) < 0xff) {
      end[i] = (end[i] as number) + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

/** A read of one key, at `revision` when given. */
export function keyRange(key: string, revision?: string): IRangeRequest {
  return { key: bytes(key), ...(revision === undefined ? {} : { revision }) };
}

/** A read of every key starting with `prefix`, at `revision` when given. */
export function prefixRange(prefix: string, revision?: string, keysOnly = false): IRangeRequest {
  return {
    key: bytes(prefix),
    range_end: prefixEnd(prefix),
    keys_only: keysOnly,
    ...(revision === undefined ? {} : { revision }),
  };
}

/** A range read inside a transaction. */
export function rangeOp(request: IRangeRequest): IRequestOp {
  return { request_range: request };
}

/** A put inside a transaction. */
export function putOp(key: string, value: string): IRequestOp {
  return { request_put: { key: bytes(key), value: bytes(value) } };
}

/** A delete of one key inside a transaction. */
export function deleteKeyOp(key: string): IRequestOp {
  return { request_delete_range: { key: bytes(key) } };
}

/** A delete of every key starting with `prefix` inside a transaction. */
export function deletePrefixOp(prefix: string): IRequestOp {
  return { request_delete_range: { key: bytes(prefix), range_end: prefixEnd(prefix) } };
}

/** Holds when the key's last modification is `revision` (`0`: the key does not exist). */
export function modIs(key: string, revision: string): ICompare {
  return { key: bytes(key), target: 'Mod', result: 'Equal', mod_revision: revision };
}

/** Holds when the key exists and its value sorts before `value` (byte order). */
export function valueBelow(key: string, value: string): ICompare {
  return { key: bytes(key), target: 'Value', result: 'Less', value: bytes(value) };
}

/** The key-value pairs of a range reply as strings. */
export function storedKeys(response: IRangeResponse | undefined): StoredKey[] {
  return (response?.kvs ?? []).map(toStored);
}

/** The one key-value pair of an exact-key range reply, with its modification revision. */
export function single(response: IRangeResponse | undefined): (StoredKey & { readonly modRevision: string }) | undefined {
  const kv = response?.kvs[0];
  return kv === undefined ? undefined : { ...toStored(kv), modRevision: kv.mod_revision };
}

/** The range replies of a transaction's responses, in order. */
export function rangeReplies(responses: readonly IResponseOp[]): IRangeResponse[] {
  return responses.flatMap((r) => (r.response_range ? [r.response_range] : []));
}

function toStored(kv: IKeyValue): StoredKey {
  return {
    key: kv.key.toString('utf8'),
    value: kv.value.toString('utf8'),
    leased: kv.lease !== undefined && kv.lease !== '0' && kv.lease !== '',
  };
}
