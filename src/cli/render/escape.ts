/**
 * Strings from outside (an implementation's replies and error messages, a history file's
 * fields, the bytes of an invalid line) are escaped before they reach a terminal, XML, HTML
 * or Markdown. A terminal obeys control characters and escape sequences (`ESC]0;…BEL` retitles
 * the window, `ESC[2J` clears it), bidi overrides reorder what is shown; so every such
 * character is shown as a visible escape (`\x1b`, `\u202e`) and never emitted.
 */

/**
 * C0 and C1 controls, DEL, and the characters that reorder or hide text: bidi embeddings,
 * overrides and isolates, directional marks, zero-width characters, the line and paragraph
 * separators, the BOM, and lone surrogates (which no encoder can write).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The visible escape of one unsafe character: `\x1b` below 256, else `\u202e`. */
function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 256 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The string as one safe line for a terminal: every control, escape and bidi character shown as a visible escape. */
export function forTerminal(s: string): string {
  return s.replace(UNSAFE, visible);
}

/** Any value from outside as safe terminal text: a string as is, anything else as JSON; then escaped. */
export function showForTerminal(value: unknown): string {
  return forTerminal(typeof value === 'string' ? value : safeJson(value));
}

/** JSON text of a value, or a sentence when it cannot be written (a cycle, a BigInt, nesting too deep for the stack). */
export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return '(a value that cannot be shown as JSON)';
  }
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content or a quoted attribute: markup characters as entities, controls as visible escapes. */
export function forHtml(s: string): string {
  return forTerminal(s).replace(/[&<>"']/g, (ch) => HTML[ch]!);
}

/**
 * Text for an XML attribute value (double- or single-quoted). XML 1.0 cannot carry most
 * control characters even as references, so they are shown as visible escapes.
 */
export function forXmlAttribute(s: string): string {
  return forTerminal(s).replace(/[&<>"']/g, (ch) => HTML[ch]!);
}

/** Text for XML element content: `&`, `<` and `>` as entities, controls as visible escapes. */
export function forXmlText(s: string): string {
  return forTerminal(s).replace(/[&<>]/g, (ch) => HTML[ch]!);
}

/**
 * Text for Markdown (a paragraph or a table cell): every character Markdown or inline HTML
 * gives a meaning to is backslash-escaped or written as an entity, so the text renders as
 * itself; controls and bidi characters are visible escapes, so the text stays on one line.
 */
export function forMarkdown(s: string): string {
  return forTerminal(s)
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (ch) => `\\${ch}`)
    .replace(/[&<>"]/g, (ch) => HTML[ch]!);
}

/**
 * Text for an XML library that escapes markup itself: every character XML 1.0 cannot carry
 * at all (most controls, lone surrogates, U+FFFE and U+FFFF) removed, and the characters
 * that reorder or hide text shown as visible escapes.
 */
export function forXmlLibrary(s: string): string {
  const valid = s.replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '');
  return valid.replace(/[\u0080-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
