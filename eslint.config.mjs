// @ts-check
import tseslint from 'typescript-eslint';

/** Provider package roots load every resource of the provider: each resource's own module instead. */
const PER_RESOURCE_PROVIDER_IMPORTS = {
  regex: '^@cdktf/provider-[a-z0-9-]+(/lib)?/?$',
  message: "Import the resource's own module, e.g. '@cdktf/provider-aws/lib/eks-cluster'.",
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdktf.out/**', 'dist/**', '.gen/**', 'coverage/**', '*.js', '*.mjs'] },
  ...tseslint.configs.recommended,
  // CommonJS launchers (bin/, scripts/ci/) load modules the only way CommonJS can.
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['**/*.ts'],
    rules: {
      // A provider package root loads every resource of the provider (seconds and hundreds of MB per
      // synth): import each resource from its own module, e.g. '@cdktf/provider-aws/lib/eks-cluster'.
      'no-restricted-imports': ['error', { patterns: [PER_RESOURCE_PROVIDER_IMPORTS] }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'off',
    },
  },
  {
    // The app runs without devDependencies: lib/ may take the Kubernetes API's types from
    // kubernetes-models (a devDependency) with `import type` only, which the build erases.
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            PER_RESOURCE_PROVIDER_IMPORTS,
            {
              regex: '^(kubernetes-models|@kubernetes-models/)',
              allowTypeImports: true,
              message: 'kubernetes-models is a devDependency: import its types with `import type` only.',
            },
          ],
        },
      ],
    },
  },
);
