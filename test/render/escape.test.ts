import { describe, expect, it } from 'vitest';
import { forHtml, forMarkdown, forTerminal, forXmlAttribute, forXmlText, safeJson, showForTerminal } from '../../src/cli/render/escape.js';

/** What a hostile implementation puts in its replies: a retitle, a screen clear, NUL, C1 controls, a bidi override. */
const HOSTILE = {
  retitle: '\u001b]0;pwned\u0007',
  clear: '\u001b[2J\u001b[H',
  nul: 'a\u0000b',
  c1: 'x\u009b31my\u0085z',
  bidi: 'abc\u202edcba\u2066\u2069',
  lines: 'one\ntwo\rthree\u2028four',
  surrogate: 'lone \ud800 here',
};

/** Every character a terminal would act on rather than show. */
const ACTS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

describe('forTerminal', () => {
  it('shows control characters and escape sequences as visible escapes', () => {
    expect(forTerminal(HOSTILE.retitle)).toBe('\\x1b]0;pwned\\x07');
    expect(forTerminal(HOSTILE.clear)).toBe('\\x1b[2J\\x1b[H');
    expect(forTerminal(HOSTILE.nul)).toBe('a\\x00b');
    expect(forTerminal(HOSTILE.c1)).toBe('x\\x9b31my\\x85z');
    expect(forTerminal(HOSTILE.bidi)).toBe('abc\\u202edcba\\u2066\\u2069');
    expect(forTerminal(HOSTILE.lines)).toBe('one\\x0atwo\\x0dthree\\u2028four');
    expect(forTerminal(HOSTILE.surrogate)).toBe('lone \\ud800 here');
  });

  it('leaves ordinary text alone, including non-ASCII letters and emoji', () => {
    const text = 'plan 3 — régional, 東京, 🙂, "quoted" <b> & \\path';
    expect(forTerminal(text)).toBe(text);
  });

  it.each(Object.entries(HOSTILE))('%s: no character a terminal acts on survives any escaper', (_, s) => {
    for (const escape of [forTerminal, forHtml, forXmlAttribute, forXmlText, forMarkdown]) expect(escape(s)).not.toMatch(ACTS);
  });

  it('showForTerminal writes non-strings as JSON, escaped, and never throws', () => {
    expect(showForTerminal({ message: '\u001b[2J' })).toBe('{"message":"\\u001b[2J"}');
    expect(showForTerminal('\u001b[2J')).toBe('\\x1b[2J');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(showForTerminal(cyclic)).toBe('(a value that cannot be shown as JSON)');
    expect(safeJson(10n)).toBe('(a value that cannot be shown as JSON)');
  });
});

describe('markup escapers', () => {
  it('forHtml and forXmlAttribute turn markup into entities', () => {
    expect(forHtml(`<script>alert("x" & 'y')</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;');
    expect(forXmlAttribute(`a"b'c<d>&\u001b[2J`)).toBe('a&quot;b&#39;c&lt;d&gt;&amp;\\x1b[2J');
  });

  it('forXmlText escapes &, < and > and controls that XML 1.0 cannot carry', () => {
    expect(forXmlText('a < b && c > d\u0000')).toBe('a &lt; b &amp;&amp; c &gt; d\\x00');
  });

  it('forMarkdown makes emphasis, links, tables, code and inline HTML render as text', () => {
    expect(forMarkdown('*bold* [x](http://e) | `c` <img src=x>')).toBe('\\*bold\\* \\[x\\]\\(http://e\\) \\| \\`c\\` &lt;img src=x&gt;');
    expect(forMarkdown('a\nb')).toBe('a\\\\x0ab');
  });
});
