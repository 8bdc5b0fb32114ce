// Kept equal to package.json's version by a unit test; sent in the user agent.
export const ACTION_NAME = 'personalize-dataset-import-for-github-actions'
export const ACTION_VERSION = '1.0.0'
