// The floor of `npm run bench`: the action's CreateDatasetImportJob with nothing but the SDK,
// bundled as the action is (scripts/bundle/ncc.mjs), so start-up is compared with the least a
// bundled create can cost. The request comes as JSON in FLOOR_REQUEST, the endpoint in
// FLOOR_ENDPOINT; region and credentials from the environment, as the action takes them.
import { CreateDatasetImportJobCommand, PersonalizeClient } from '@aws-sdk/client-personalize'

const client = new PersonalizeClient({ endpoint: process.env.FLOOR_ENDPOINT })
await client.send(new CreateDatasetImportJobCommand(JSON.parse(process.env.FLOOR_REQUEST)))
