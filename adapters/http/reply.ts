/**
 * What a complete reply means: the result the step expected, or why not. A reply is either a
 * result envelope valid against the step's reply schema or an error envelope
 * (`{"error": {"message", "happened"}}`, any status); anything else breaks the protocol.
 */
import { firstError, type MessageName, type Messages } from '../../conformance/protocol/index.js';
import type { RawReply } from './post.js';

/** A reply that is not the expected result: the implementation's own error, or a broken reply. */
export class ReplyProblem extends Error {
  constructor(
    message: string,
    readonly happened: 'no' | 'unknown',
    readonly received: unknown,
  ) {
    super(message);
    this.name = 'ReplyProblem';
  }
}

/**
 * The deepest nesting a reply may have. The deepest valid reply is five levels
 * (`result.observation.records.regional[0]`); a limit well above that refuses a hostile reply
 * before anything walks it recursively (validation, JSON text for the report).
 */
export const MAX_REPLY_DEPTH = 64;

/** The reply as the expected message, or a ReplyProblem saying what is wrong with it. */
export function readReply<N extends MessageName>(raw: RawReply, expected: N): Messages[N] {
  const { status, text } = raw;
  if (nestedDeeper(text, MAX_REPLY_DEPTH)) {
    throw new ReplyProblem(`the reply (HTTP ${status}) is nested deeper than ${MAX_REPLY_DEPTH} levels`, 'unknown', `${text.slice(0, 200)}…`);
  }
  let json: unknown;
  let parsed = true;
  try {
    json = JSON.parse(text);
  } catch {
    parsed = false;
  }
  if (parsed && typeof json === 'object' && json !== null && !Array.isArray(json) && 'error' in json) {
    const why = firstError('ErrorReply', json);
    if (why !== undefined) throw new ReplyProblem(`the error reply (HTTP ${status}) breaks the schema: ${why}`, 'unknown', json);
    const { message, happened } = (json as Messages['ErrorReply']).error;
    throw new ReplyProblem(`the implementation replied with an error (HTTP ${status}, happened: ${happened}): ${message}`, happened, json);
  }
  if (status < 200 || status > 299) throw new ReplyProblem(`HTTP ${status} without an error reply`, 'unknown', parsed ? json : text);
  if (!parsed) throw new ReplyProblem(`the reply (HTTP ${status}) is not JSON`, 'unknown', text);
  const why = firstError(expected, json);
  if (why !== undefined) throw new ReplyProblem(`the reply breaks the schema: ${why}`, 'unknown', json);
  return json as Messages[N];
}

/**
 * Whether JSON text opens more than `limit` arrays and objects inside one another: one pass
 * over the characters, strings skipped, no recursion, whether or not the text is valid JSON.
 */
export function nestedDeeper(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: skip to its closing quote, over escaped characters.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
