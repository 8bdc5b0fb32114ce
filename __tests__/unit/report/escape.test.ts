import { describe, expect, it } from '@jest/globals'
import { escapeLog, escapeSummary } from '../../../src/report/escape.js'
import { summaryHtml } from '../../../src/report/summary.js'

describe('escapeLog', () => {
  it.each([
    ['::error::x', ':\u200b:error::x'],
    ['a\n::set-output name=s::ACTIVE', 'a\n:\u200b:set-output name=s::ACTIVE'],
    ['a\r::warning::cr', 'a\n:\u200b:warning::cr'],
    ['a\r\n  \t::notice::indented', 'a\n  \t:\u200b:notice::indented'],
    ['\u0085::error::nel', '\\u0085::error::nel'],
    ['x ##[error]legacy', 'x ##\u200b[error]legacy'],
    ['\u001b[31mred', '\\u001b[31mred'],
    ['arn:aws:iam::123456789012:role/r stays', 'arn:aws:iam::123456789012:role/r stays'],
    ['tab\tand new\nline', 'tab\tand new\nline']
  ])('%j', (text, escaped) => {
    expect(escapeLog(text)).toBe(escaped)
  })
})

describe('summary', () => {
  it('keeps newlines, blank lines, pipes, markdown and HTML in their cell', () => {
    expect(escapeSummary('a\n\n| b | [l](u) ![i](u) <td>"\'&\r\nc')).toBe(
      'a<br><br>&#124; b &#124; [l](u) ![i](u) &lt;td&gt;&quot;&#39;&amp;<br>c'
    )
  })

  it('builds links only from its parts, escaped', () => {
    expect(
      summaryHtml({
        heading: 'H <1>',
        header: ['k', 'v'],
        rows: [['a|b', { href: 'https://x/?a="b"', text: '<c>' }]],
        notes: ['n\nm']
      })
    ).toBe(
      '<h3>H &lt;1&gt;</h3>\n<table><tr><th>k</th><th>v</th></tr><tr><td>a&#124;b</td><td><a href="https://x/?a=&quot;b&quot;">&lt;c&gt;</a></td></tr></table>\n<p>n<br>m</p>\n'
    )
  })
})
