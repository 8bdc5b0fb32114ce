// The kinds table: the kind of an ARN, how a status ends a wait, and which status decides a
// resource with an update (a campaign moving to a new solution version). Pure.
import { describe, expect, it } from '@jest/globals'
import { decide, KINDS, kindOfArn, outcomeOf, reportedFields } from '../../../src/aws/kinds.js'

const BASE = 'arn:aws:personalize:us-east-1:123456789012'
const kind = (arn: string) => {
  const found = kindOfArn(arn)
  return 'spec' in found ? found.spec.kind : found.error
}

describe('kindOfArn', () => {
  it.each([
    ['dataset-import-job/users-1', 'datasetImportJob'],
    ['solution/shop/3ba6a5be', 'solutionVersion'],
    ['solution/shop', 'solution'],
    ['campaign/shop', 'campaign'],
    ['recommender/top-picks', 'recommender'],
    ['data-deletion-job/gdpr-1', 'dataDeletionJob'],
    ['dataset-export-job/export-1', 'datasetExportJob'],
    ['batch-inference-job/nightly', 'batchInferenceJob'],
    ['batch-segment-job/segments', 'batchSegmentJob'],
    ['dataset-group/retail', 'datasetGroup'],
    ['dataset/retail/INTERACTIONS', 'dataset'],
    ['event-tracker/a1b2c3', 'eventTracker'],
    ['filter/no-bought', 'filter']
  ])('%s is a %s', (resource, expected) => {
    expect(kind(`${BASE}:${resource}`)).toBe(expected)
  })

  it('tells every kind in the table from its ARN', () => {
    const tested = new Set(
      ['dataset-import-job/a', 'solution/a/b', 'solution/a', 'campaign/a', 'recommender/a']
        .concat(['data-deletion-job/a', 'dataset-export-job/a', 'batch-inference-job/a'])
        .concat(['batch-segment-job/a', 'dataset-group/a', 'dataset/a/ITEMS', 'event-tracker/a'])
        .concat(['filter/a'])
        .map((r) => kind(`${BASE}:${r}`))
    )
    expect([...tested].sort()).toEqual(Object.keys(KINDS).sort())
  })

  it('names what is wrong with an ARN it cannot wait on', () => {
    expect(kind(`${BASE}:solution/shop/$LATEST`)).toBe(
      `"${BASE}:solution/shop/$LATEST" is not a solution ARN: expected solution/<solution name>/<version id> (solution version) or solution/<name> (solution) after the account.`
    )
    expect(kind(`${BASE}:campaign/a/b`)).toBe(
      `"${BASE}:campaign/a/b" is not a campaign ARN: expected campaign/<name> (campaign) after the account.`
    )
    expect(kind('arn:aws:personalize:::recipe/aws-user-personalization')).toBe(
      '"arn:aws:personalize:::recipe/aws-user-personalization" has nothing to wait for: a recipe is owned by AWS and does not change.'
    )
    expect(kind(`${BASE}:metric-attribution/m`)).toMatch(
      /has nothing to wait for: the service model lists no statuses/
    )
    expect(kind('arn:aws:s3:::bucket/key')).toBe(
      '"arn:aws:s3:::bucket/key" is not an Amazon Personalize ARN: expected arn:aws:personalize:<region>:<account>:<type>/<name>.'
    )
    expect(kind('arn:aws:sagemaker:us-east-1:123456789012:training-job/x')).toMatch(
      /is not an Amazon Personalize ARN/
    )
  })
})

describe('outcomeOf', () => {
  it.each([
    ['solutionVersion', 'CREATE IN_PROGRESS', 'going'],
    ['solutionVersion', 'CREATE STOPPING', 'going'],
    ['solutionVersion', 'CREATE STOPPED', 'stopped'],
    // The Stop doc writes the same statuses with underscores.
    ['solutionVersion', 'CREATE_STOPPED', 'stopped'],
    ['dataDeletionJob', 'IN_PROGRESS', 'going'],
    ['dataDeletionJob', 'COMPLETED', 'success'],
    ['dataDeletionJob', 'FAILED', 'failure'],
    ['dataDeletionJob', 'ACTIVE', 'unknown'],
    ['batchInferenceJob', 'IN PROGRESS', 'going'],
    ['batchInferenceJob', 'CREATE IN_PROGRESS', 'going'],
    ['recommender', 'STOP IN_PROGRESS', 'going'],
    ['recommender', 'INACTIVE', 'success'],
    ['campaign', 'DELETE IN_PROGRESS', 'deleting'],
    ['datasetGroup', 'DELETE IN_PROGRESS', 'unknown'],
    ['datasetImportJob', 'CREATE STOPPED', 'unknown']
  ] as const)('a %s %s is %s', (k, status, expected) => {
    expect(outcomeOf(KINDS[k].statuses, status)).toBe(expected)
  })
})

describe('decide', () => {
  const campaign = (status: string, update?: Record<string, unknown>) => ({
    campaignArn: `${BASE}:campaign/shop`,
    status,
    solutionVersionArn: `${BASE}:solution/shop/old`,
    ...(update ? { latestCampaignUpdate: update } : {})
  })

  it("waits on an ACTIVE campaign's update, with the version it moves to", () => {
    const described = campaign('ACTIVE', {
      status: 'CREATE IN_PROGRESS',
      solutionVersionArn: `${BASE}:solution/shop/new`
    })
    expect(decide(KINDS.campaign, described)).toEqual({
      where: 'update',
      status: 'CREATE IN_PROGRESS',
      outcome: 'going',
      failureReason: undefined
    })
    expect(reportedFields(KINDS.campaign, described, 'update')).toEqual({
      solutionVersionArn: `${BASE}:solution/shop/old`,
      'latestCampaignUpdate.solutionVersionArn': `${BASE}:solution/shop/new`
    })
  })

  it("reports a failed update's own reason", () => {
    expect(
      decide(KINDS.campaign, campaign('ACTIVE', { status: 'CREATE FAILED', failureReason: 'no' }))
    ).toMatchObject({ where: 'update', outcome: 'failure', failureReason: 'no' })
  })

  it('lets a campaign being created or deleted decide by its own status', () => {
    expect(decide(KINDS.campaign, campaign('DELETE PENDING', { status: 'ACTIVE' }))).toMatchObject({
      where: 'resource',
      outcome: 'deleting'
    })
    expect(decide(KINDS.campaign, campaign('CREATE PENDING'))).toMatchObject({
      where: 'resource',
      outcome: 'going'
    })
  })

  it('has no failure reason for kinds whose model has none', () => {
    expect(decide(KINDS.solution, { status: 'CREATE FAILED', failureReason: 'x' })).toEqual({
      where: 'resource',
      status: 'CREATE FAILED',
      outcome: 'failure',
      failureReason: undefined
    })
  })
})
