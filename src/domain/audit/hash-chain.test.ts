import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GENESIS_HASH, hashAuditEvent, verifyChainSegment } from './hash-chain.js'

function chain(count: number) {
  let previousHash = GENESIS_HASH
  return Array.from({ length: count }, (_, index) => {
    const content = {
      sequence: index + 1,
      id: `event-${index + 1}`,
      occurredAt: '2026-11-27T10:00:00.000Z',
      actorUserId: 'user-1',
      actorLabel: 'Demo user',
      action: 'partnership.updated',
      recordType: 'partnership',
      recordId: 'p-1',
      partnershipId: 'p-1',
      summary: JSON.stringify({ before: { name: `N${index}` }, after: { name: `N${index + 1}` } }),
    }
    const hash = hashAuditEvent(previousHash, content)
    const event = { ...content, previousHash, hash }
    previousHash = hash
    return event
  })
}

describe('audit hash chain', () => {
  it('accepts an intact chain', () => {
    const result = verifyChainSegment(chain(5), { previousHash: GENESIS_HASH, sequence: 0 })
    assert.equal(result.ok, true)
    assert.equal(result.checked, 5)
  })

  it('reports the first event whose content was edited', () => {
    const events = chain(5)
    events[2] = { ...events[2]!, summary: '{"tampered":true}' }
    const result = verifyChainSegment(events, { previousHash: GENESIS_HASH, sequence: 0 })
    assert.equal(result.ok, false)
    assert.equal(result.ok ? 0 : result.brokenAtSequence, 3)
  })

  it('reports a removed event', () => {
    const events = chain(5)
    events.splice(1, 1)
    const result = verifyChainSegment(events, { previousHash: GENESIS_HASH, sequence: 0 })
    assert.equal(result.ok, false)
    assert.match(result.ok ? '' : result.reason, /event 2 is missing/)
  })

  it('changes the hash when any field changes', () => {
    const [event] = chain(1)
    const base = hashAuditEvent(GENESIS_HASH, event!)
    assert.notEqual(hashAuditEvent(GENESIS_HASH, { ...event!, actorLabel: 'Someone else' }), base)
    assert.notEqual(hashAuditEvent('other', event!), base)
  })
})
