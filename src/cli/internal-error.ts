/**
 * A bug in dnsplan, not the user's mistake nor the implementation's: exit 2 (never 1, which
 * means "not conformant"), one sentence that says so and where to report it; the stack only
 * when `--debug` was given.
 */
export function internalError(error: unknown, debug: boolean): string {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const lines = [
    `dnsplan: internal error (${oneLine(what)}); this is a bug in dnsplan, not in the implementation under test: please report it on dnsplan's issue tracker with the command line${debug ? ' and the stack below' : ' and the stack printed by running it again with --debug'}`,
  ];
  if (debug && error instanceof Error && error.stack) lines.push(error.stack);
  return lines.join('\n');
}

function oneLine(text: string): string {
  // control characters (an escape sequence in a message from outside) never reach the terminal raw
  const flat = text.replace(/\s+/g, ' ').trim().replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}
