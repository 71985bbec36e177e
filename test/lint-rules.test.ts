import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const ESLINT = path.join(ROOT, 'node_modules', '.bin', 'eslint');

/** Lints `code` with the project's config as if it were lib/example.ts; returns the rule ids hit. */
function lint(code: string): Array<{ ruleId: string; message: string }> {
  const result = spawnSync(ESLINT, ['--format', 'json', '--stdin', '--stdin-filename', 'lib/example.ts'], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
  });
  const [report] = JSON.parse(result.stdout) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
  return report.messages;
}

describe('lint: per-resource provider imports only', () => {
  jest.setTimeout(30_000);

  test('rejects provider package roots (with and without /lib)', () => {
    const code = [
      "import { AwsProvider } from '@cdktf/provider-aws';",
      "import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib';",
      "import * as random from '@cdktf/provider-random';",
    ].join('\n');
    const restricted = lint(`${code}\n`).filter((m) => /(^|\/)no-restricted-imports$/.test(m.ruleId));
    expect(restricted).toHaveLength(3);
    expect(restricted.every((m) => /Import the resource's own module/.test(m.message))).toBe(true);
  });

  test('accepts a per-resource import', () => {
    expect(lint("import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';\nexport const x = EksCluster;\n")).toEqual([]);
  });
});

describe('lint: lib/ takes only types from the devDependency kubernetes-models', () => {
  jest.setTimeout(30_000);

  test('rejects a value import, accepts import type', () => {
    const value = lint("import { Deployment } from 'kubernetes-models/apps/v1/Deployment';\nexport const x = Deployment;\n");
    expect(value).toEqual([expect.objectContaining({ ruleId: '@typescript-eslint/no-restricted-imports', message: expect.stringMatching(/kubernetes-models is a devDependency: import its types with `import type` only/) })]);
    expect(lint("import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';\nexport type X = IDeployment;\n")).toEqual([]);
  });
});
