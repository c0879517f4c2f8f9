import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ABUSE_OR_NEGLECT,
  HARM,
  assessSeriousCaseCriteria,
  type CriteriaAnswers,
} from './serious-case-criteria.js'

const base: CriteriaAnswers = {
  guidanceEdition: 'WT2023',
  abuseOrNeglect: 'known',
  harm: 'died',
  lookedAfter: false,
  careLeaver: false,
  ageInYears: null,
}

const assess = (answers: Partial<CriteriaAnswers>) =>
  assessSeriousCaseCriteria({ ...base, ...answers })

describe('serious child safeguarding case criteria', () => {
  it('S1: every combination of abuse/neglect and harm, for a child who is not looked after', () => {
    for (const abuseOrNeglect of ABUSE_OR_NEGLECT) {
      for (const harm of HARM) {
        const result = assess({ abuseOrNeglect, harm })
        const serious = abuseOrNeglect !== 'not-suspected'
        assert.equal(result.seriousChildSafeguardingCase, serious, `${abuseOrNeglect} × ${harm}`)
        assert.equal(result.notifyPanel, serious, `${abuseOrNeglect} × ${harm}: notify`)
        assert.equal(result.rapidReviewRequired, serious, `${abuseOrNeglect} × ${harm}: review`)
        assert.equal(result.notifySecretaryOfStateAndOfsted, false)
      }
    }
  })

  it('S1/S3/S6: the explanation names the rules and the periods', () => {
    const result = assess({ abuseOrNeglect: 'suspected', harm: 'serious-harm' })
    assert.match(result.explanation, /serious child safeguarding case \(S1\)/)
    assert.match(result.explanation, /suspected and the child was seriously harmed/)
    assert.match(result.explanation, /5 working days .*\(S3\)/)
    assert.match(result.explanation, /15 working days \(S6\)/)
  })

  it('S1: not a serious case when abuse or neglect is neither known nor suspected', () => {
    const result = assess({ abuseOrNeglect: 'not-suspected', harm: 'serious-harm' })
    assert.equal(result.seriousChildSafeguardingCase, false)
    assert.match(result.explanation, /neither known nor suspected/)
    assert.match(result.explanation, /No notification is required/)
  })

  it('S1: applies to children only (under 18)', () => {
    assert.equal(assess({ ageInYears: 17 }).seriousChildSafeguardingCase, true)
    const adult = assess({ ageInYears: 18 })
    assert.equal(adult.seriousChildSafeguardingCase, false)
    assert.equal(adult.notifyPanel, false)
    assert.match(adult.explanation, /children under 18/)
  })

  it('S4: a looked-after child’s death is notified even when abuse or neglect is not suspected, without a rapid review', () => {
    const result = assess({ lookedAfter: true, abuseOrNeglect: 'not-suspected', harm: 'died' })
    assert.equal(result.seriousChildSafeguardingCase, false)
    assert.equal(result.notifyPanel, true)
    assert.equal(result.rapidReviewRequired, false)
    assert.match(result.explanation, /looked after and died.*\(S4\)/)
  })

  it('S4: a looked-after child seriously harmed without suspected abuse is not notified', () => {
    const result = assess({
      lookedAfter: true,
      abuseOrNeglect: 'not-suspected',
      harm: 'serious-harm',
    })
    assert.equal(result.notifyPanel, false)
    assert.equal(result.rapidReviewRequired, false)
  })

  it('S4 with S1: a looked-after child’s death with suspected abuse needs notification and a rapid review', () => {
    const result = assess({ lookedAfter: true, abuseOrNeglect: 'suspected', harm: 'died' })
    assert.equal(result.notifyPanel, true)
    assert.equal(result.rapidReviewRequired, true)
    assert.match(result.explanation, /notified in any case \(S4\)/)
  })

  it('WT2023: a care leaver’s death up to and including age 24 goes to the Secretary of State and Ofsted, no rapid review', () => {
    for (const ageInYears of [18, 21, 24]) {
      const result = assess({ careLeaver: true, ageInYears, abuseOrNeglect: 'suspected' })
      assert.equal(result.notifySecretaryOfStateAndOfsted, true, `age ${ageInYears}`)
      assert.equal(result.notifyPanel, false, `age ${ageInYears}`)
      assert.equal(result.rapidReviewRequired, false, `age ${ageInYears}`)
      assert.match(result.explanation, /Secretary of State and Ofsted/)
      assert.match(result.explanation, /No rapid review is required/)
    }
  })

  it('WT2023: a care leaver over 24 is outside the notification duty', () => {
    const result = assess({ careLeaver: true, ageInYears: 25 })
    assert.equal(result.notifySecretaryOfStateAndOfsted, false)
    assert.match(result.explanation, /over 24/)
  })

  it('WT2023: a care leaver under 18 whose case meets S1 also has a rapid review', () => {
    const result = assess({ careLeaver: true, ageInYears: 17, abuseOrNeglect: 'known' })
    assert.equal(result.notifySecretaryOfStateAndOfsted, true)
    assert.equal(result.notifyPanel, true)
    assert.equal(result.rapidReviewRequired, true)
  })

  it('WT2023: a care leaver under 18 without suspected abuse is notified to the SoS and Ofsted but not reviewed', () => {
    const result = assess({ careLeaver: true, ageInYears: 17, abuseOrNeglect: 'not-suspected' })
    assert.equal(result.notifySecretaryOfStateAndOfsted, true)
    assert.equal(result.rapidReviewRequired, false)
  })

  it('WT2023 rule: only deaths, and only under the 2023 edition', () => {
    assert.equal(
      assess({ careLeaver: true, ageInYears: 20, harm: 'serious-harm' })
        .notifySecretaryOfStateAndOfsted,
      false,
    )
    assert.equal(
      assess({ careLeaver: true, ageInYears: 20, guidanceEdition: 'WT2018' })
        .notifySecretaryOfStateAndOfsted,
      false,
    )
  })

  it('an unknown age is read as a child’s, so no notification is missed', () => {
    const result = assess({ ageInYears: null, careLeaver: true })
    assert.equal(result.seriousChildSafeguardingCase, true)
    assert.equal(result.notifySecretaryOfStateAndOfsted, true)
  })
})
