import type { Flag } from './flags.js';

/** The flags that ask for secondary outputs; their writers live in outputs.ts and render/. */
export const HTML_FLAG: Flag = { name: '--html', value: 'FILE', description: 'write a self-contained HTML report: a space-time diagram of each counterexample or history' };
export const ITF_FLAG: Flag = {
  name: '--itf',
  value: 'FILE',
  description: "write each counterexample (conform, verify: the history) in the Informal Trace Format of Apalache and Quint; a second one goes to FILE with its property's name before the extension; none when there is none",
};
export const SUMMARY_FLAG: Flag = {
  name: '--summary',
  value: 'FILE',
  description: 'write a Markdown summary (verdict, level, coverage, the failing steps, the replay line)',
  default: 'appended to $GITHUB_STEP_SUMMARY when set',
};
export const BADGE_SVG_FLAG: Flag = { name: '--badge-svg', value: 'FILE', description: 'write the badge as an SVG image' };
