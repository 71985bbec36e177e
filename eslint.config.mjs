// @ts-check
import jest from 'eslint-plugin-jest';
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
  // Tests that cannot pass by doing nothing (issue 18): no focused or literally skipped test (a check
  // that cannot run here goes through test/support/required-tool.ts), no test without an assertion, no
  // `expect(x)` without a matcher or an un-awaited async one, no two tests of one name.
  {
    files: ['test/**/*.test.ts'],
    plugins: { jest },
    rules: {
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/no-test-prefixes': 'error',
      'jest/no-commented-out-tests': 'error',
      // test/ has no assertion helper of its own that a test calls instead of expect (searched for
      // expect*/assert*/verify*/check* used that way); name such a helper here when one is added.
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect'] }],
      'jest/valid-expect': 'error',
      'jest/no-identical-title': 'error',
      'jest/valid-title': 'error',
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
