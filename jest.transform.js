/**
 * The TypeScript transform both jest configurations use: swc strips the types only (type-checking is
 * `npm run typecheck`'s job), faster than ts-jest (which loads the TypeScript compiler in every worker) on a cold cache, as in CI's fresh clone.
 * It hoists `jest.mock` calls above the imports, as jest requires. Target and class-field semantics follow tsconfig.json (ES2022).
 */
module.exports = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022', transform: { useDefineForClassFields: true } },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};
