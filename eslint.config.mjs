// @ts-check
import tseslint from 'typescript-eslint';

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
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@cdktf/provider-[a-z0-9-]+(/lib)?/?$',
              message: "Import the resource's own module, e.g. '@cdktf/provider-aws/lib/eks-cluster'.",
            },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'off',
    },
  },
);
