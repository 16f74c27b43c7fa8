/**
 * Where an implementation is: `--target` read strictly. The harness speaks plain HTTP to an
 * implementation it can reach directly; a path after the host (`http://127.0.0.1:8080/enactor`)
 * is a prefix every protocol path is sent under (`/enactor/v1/step`).
 */

/** A target URL taken apart: the origin requests go to and the path prefix they carry. */
export interface Target {
  /** `http://host:port`. */
  readonly origin: string;
  /** `''` or a path without a trailing slash, e.g. `/enactor`. */
  readonly prefix: string;
  /** The two together, as reports name the implementation. */
  readonly url: string;
}

/** The target, or a sentence (without the flag's name) saying what is wrong with `raw`. */
export function parseTarget(raw: string): Target | string {
  const example = 'a URL such as http://127.0.0.1:8080';
  const port = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#]*):(\d*)(?:[/?#]|$)/i.exec(raw)?.[1];
  if (port !== undefined && (port === '' || Number(port) < 1 || Number(port) > 65535)) return `the port must be from 1 to 65535, got ${port === '' ? 'none' : port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `must be ${example}, got ${raw}`;
  }
  if (url.protocol === 'https:') return 'https is not supported: the harness speaks plain HTTP to an implementation it reaches directly; use http://';
  if (url.protocol !== 'http:') return `must be an http:// URL, got ${raw}`;
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  if (url.search !== '' || url.hash !== '') return `must not carry a query or a fragment, got ${raw}`;
  const prefix = url.pathname.replace(/\/+$/, '');
  return { origin: url.origin, prefix, url: `${url.origin}${prefix}` };
}
