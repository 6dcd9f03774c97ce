// Flat config: typescript-eslint (type-aware) + Nx module boundaries.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Pure logic must stay free of frameworks and I/O adapters (see STYLE.md). */
const FRAMEWORK_IMPORTS = [
  '@nestjs/*',
  'typeorm',
  'pg',
  '@nats-io/*',
  'fastify',
  'undici',
  'nodemailer',
  '@herald/messaging',
  '@herald/persistence',
  '@herald/observability',
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.nx/**', 'deploy/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // The CLI's `config check` and the JSON Schema of herald.yaml use the services' own
          // configuration schemas, which those apps export for exactly this (package.json "exports").
          allow: ['@herald/dispatch/configuration-file', '@herald/dispatch/channels', '@herald/ingestion/configuration-file'],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:infra'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:infra', 'type:app'] },
            // The CLI checks herald.yaml offline with the services' own configuration schemas.
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:infra', 'type:app'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:ingestion', onlyDependOnLibsWithTags: ['scope:shared', 'scope:ingestion'] },
            { sourceTag: 'scope:incidents', onlyDependOnLibsWithTags: ['scope:shared', 'scope:incidents'] },
            { sourceTag: 'scope:dispatch', onlyDependOnLibsWithTags: ['scope:shared', 'scope:dispatch'] },
            { sourceTag: 'scope:analytics', onlyDependOnLibsWithTags: ['scope:shared', 'scope:analytics'] },
            { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared', 'scope:gateway'] },
            { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:shared', 'scope:console'] },
            { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:shared', 'scope:ingestion', 'scope:dispatch'] },
          ],
        },
      ],
    },
  },
  {
    // Emitted decorator metadata needs value imports of injected classes.
    files: ['apps/**/*.ts', 'libs/observability/**/*.ts', 'libs/messaging/**/*.ts', 'libs/persistence/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // Pure logic: contracts, domain libs, and every `domain/` folder or pure-role file in apps.
    files: [
      'libs/contracts/**/*.ts',
      'libs/sources/**/*.ts',
      'apps/*/src/**/domain/**/*.ts',
      'apps/*/src/**/*.decider.ts',
      'apps/*/src/**/*.renderer.ts',
      'apps/*/src/**/*.normaliser.ts',
      'apps/*/src/**/*.policy.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: FRAMEWORK_IMPORTS, message: 'Pure logic may not import frameworks or adapters.' }] },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
);
