import { readFileSync } from 'node:fs';
import type { HistoryLine } from '../../../conformance/index.js';
import type { HistoryHeader } from '../../../conformance/protocol/index.js';

/** Steps drawn at most from one history; a longer one is drawn up to there, and says so. */
export const MAX_DRAWN_STEPS = 2000;

/**
 * A history file read for a report: its header and its first lines, up to `lines` when
 * given (`verify` passes the number of lines it found valid, so nothing it rejected is
 * drawn). The file has been checked line by line before; a line that does not parse here
 * ends the reading.
 */
export function readHistory(path: string, lines?: number): { header: HistoryHeader; lines: HistoryLine[]; cut: boolean } | undefined {
  const text = readFileSync(path, 'utf8');
  const all = text.split('\n');
  const out: HistoryLine[] = [];
  let header: HistoryHeader | undefined;
  let steps = 0;
  let cut = false;
  for (let n = 0; n < all.length && (lines === undefined || n < lines); n++) {
    const raw = all[n]!;
    if (raw.trim() === '') continue;
    let line: HistoryLine;
    try {
      line = JSON.parse(raw) as HistoryLine;
    } catch {
      break;
    }
    if (n === 0) {
      if (line.type !== 'header') return undefined;
      header = line;
      continue;
    }
    if (line.type === 'step' && ++steps > MAX_DRAWN_STEPS) {
      cut = true;
      break;
    }
    out.push(line);
  }
  return header === undefined ? undefined : { header, lines: out, cut };
}
