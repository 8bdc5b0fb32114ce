// The world every end-to-end test imports into: one account, the role Personalize assumes, the
// ARNs and console links of its datasets and jobs, and the emulator that serves them.
import { startEmulator, type EmulatorOptions } from '../../emulator/index.js'
import { CREDENTIALS } from './runner.js'

export const ACCOUNT = '123456789012'
export const REGION = 'us-east-1'
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/PersonalizeS3Read`

export const datasetArn = (
  group: string,
  type = 'INTERACTIONS',
  region = REGION,
  partition = 'aws'
) => `arn:${partition}:personalize:${region}:${ACCOUNT}:dataset/${group}/${type}`

/** The dataset most tests import into. */
export const DATASET = datasetArn('retail')

export const jobArn = (name: string, region = REGION, partition = 'aws') =>
  `arn:${partition}:personalize:${region}:${ACCOUNT}:dataset-import-job/${name}`

/** The dataset group's page in the console, where the action's links point. */
export const consoleUrl = (group: string) =>
  `https://${REGION}.console.aws.amazon.com/personalize/home?region=${REGION}#arn:aws:personalize:${REGION}:${ACCOUNT}:dataset-group$${group}/setup`

/** The emulator of this world on a free port: its account and region, the test credentials. */
export const startWorld = (scenario: EmulatorOptions = {}) =>
  startEmulator({
    port: 0,
    region: REGION,
    accountId: ACCOUNT,
    credentials: CREDENTIALS,
    ...scenario
  })
