import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import jest from 'eslint-plugin-jest'
import importX from 'eslint-plugin-import-x'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

// The folders of src/ are layers, bottom first: a module imports only from its own folder and the
// folders below it. aws/ (clients, their transport, ARNs, errors) knows nothing of the action;
// inputs/ holds the settings both actions share; job/ and preflight/ return results and never
// report; report/ holds the pieces both actions' reports share; import/ and wait/ tell each
// action's story and end its run. runtime.ts and entry.ts sit on top, version.ts at the bottom.
const LAYERS = ['aws', 'inputs', 'job', 'preflight', 'report']
const TOP = ['import', 'wait']
const above = (layer) => LAYERS.slice(LAYERS.indexOf(layer) + 1)
const forbid = (folders, why) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: [
            ...folders.map((f) => `**/${f}/*`),
            '**/runtime.js',
            '**/entry.js',
            '**/bundle.js'
          ],
          message: why
        }
      ]
    }
  ]
})
const layerRules = [
  ...LAYERS.map((layer) => ({
    files: [`src/${layer}/**`],
    rules: forbid(
      [...above(layer), ...TOP],
      `src/${layer}/ is a lower layer: it may import only from ${LAYERS.slice(0, LAYERS.indexOf(layer) + 1).join('/, ')}/ (eslint.config.mjs says why).`
    )
  })),
  ...TOP.map((action) => ({
    files: [`src/${action}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: TOP.filter((a) => a !== action).map((a) => `**/${a}/*`),
              message: 'The two actions share code through the layers below them, never directly.'
            }
          ]
        }
      ]
    }
  }))
]

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'build/', '.e2e-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
    }
  },
  // No import cycle in src/: a cycle is two modules that lean on each other. (import-x skips
  // type-only imports; the folder rules above keep those from climbing between folders.)
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x reads no .ts module it resolves, and finds no cycle at all.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver()]
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] }
  },
  ...layerRules,
  { files: ['__tests__/**'], ...jest.configs['flat/recommended'] },
  prettier
)
