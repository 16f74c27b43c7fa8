/**
 * JSON text that is safe to show: JSON.stringify escapes C0 controls (ESC becomes `\u001b`)
 * but leaves DEL, the C1 controls (U+009B is a CSI to many terminals) and the bidi and
 * line-separator characters raw. Those can come from an implementation's messages; here they
 * are written as `\u` escapes too, which JSON reads back as the same string. Used for history
 * lines and for `--json` output, which people `cat` as often as programs parse.
 */

const RAW = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** `JSON.stringify(value)`, with every character a terminal could act on as a `\u` escape. */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value);
  RAW.lastIndex = 0;
  return RAW.test(text) ? text.replace(RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}
