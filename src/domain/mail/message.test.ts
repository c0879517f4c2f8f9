import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { escapeHtml, renderMessage } from './message.js'

const content = {
  subject: 'Action due on 12 June 2026\r\nBcc: someone@example.org',
  recipientName: 'Demo <Agency> Lead',
  partnershipName: 'Wandsworth Safeguarding Children Partnership',
  paragraphs: ['Action: check <script>alert(1)</script> & "quotes"'],
  items: ['one & two'],
  link: { href: 'https://reviews.example.org/manage/actions/1?a=1&b=2', text: 'Open the action' },
  serviceName: 'Safeguarding practice reviews',
  footer: 'Why you get this.',
}

describe('renderMessage', () => {
  const message = renderMessage(content)

  it('keeps the subject to one line, naming the partnership', () => {
    assert.doesNotMatch(message.subject, /[\r\n]/)
    assert.match(message.subject, /Wandsworth Safeguarding Children Partnership$/)
  })

  it('escapes everything in the HTML part', () => {
    assert.doesNotMatch(message.html, /<script>/)
    assert.match(message.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;quotes&quot;/)
    assert.match(message.html, /Dear Demo &lt;Agency&gt; Lead/)
    assert.match(
      message.html,
      /href="https:\/\/reviews\.example\.org\/manage\/actions\/1\?a=1&amp;b=2"/,
    )
    assert.match(message.html, /<li>one &amp; two<\/li>/)
  })

  it('has the same words, the link and the partnership in the text part', () => {
    assert.match(message.text, /Action: check <script>alert\(1\)<\/script> & "quotes"/)
    assert.match(message.text, /- one & two/)
    assert.match(
      message.text,
      /Open the action: https:\/\/reviews\.example\.org\/manage\/actions\/1\?a=1&b=2/,
    )
    assert.match(message.text, /Wandsworth Safeguarding Children Partnership/)
  })
})

describe('escapeHtml', () => {
  it('escapes the five characters that matter', () => {
    assert.equal(
      escapeHtml(`<a href="x">'&'</a>`),
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    )
  })
})
