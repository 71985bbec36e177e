import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FAKE_TERRAFORM as FAKE, fakeCalls, FakeTerraformCall, fakeClassProject, runFakeClass } from '../support/class-project';
import { classConfig, labConfig } from '../support/fixtures';
import { parallelMemoryWarning } from '../../lib/class/class-command';

// Each case starts the stand-in terraform (a Node process) 10-40 times.
jest.setTimeout(60_000);

const NETWORK = 'eks-workshop-network';
const cluster = (id: string) => `eks-workshop-${id}-cluster`;
const workloads = (id: string) => `eks-workshop-${id}-workloads`;
const applies = (calls: readonly FakeTerraformCall[]) => calls.filter((c) => c.command === 'apply');
const row = (stdout: string, stack: string) => stdout.split('\n').find((line) => line.split(/\s+/)[1] === stack) ?? '';

describe('npm run class -- deploy|destroy (with a stand-in terraform)', () => {
  const projects: string[] = [];
  const project = (participants = 3) => {
    const made = fakeClassProject(classConfig(participants));
    projects.push(made.dir);
    return made;
  };
  afterAll(() => projects.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  test('deploy: the network first, then each participant cluster then workloads; providers installed once and shared', async () => {
    const { dir, log } = project();
    const { code, stdout, stderr } = await runFakeClass(dir, ['deploy', '--no-synth']);
    expect([code, stderr]).toEqual([0, expect.stringMatching(/^configuration: lab\.json \(from LAB_CONFIG\): lab eks-workshop, region us-west-2.*class of 3 participants$/m)]);
    const calls = fakeCalls(log);
    const done = (stack: string) => (applies(calls).find((c) => c.stack === stack) as FakeTerraformCall).end;
    const started = (stack: string) => (applies(calls).find((c) => c.stack === stack) as FakeTerraformCall).start;
    for (const id of ['p01', 'p02', 'p03']) {
      expect(started(cluster(id))).toBeGreaterThanOrEqual(done(NETWORK));
      expect(started(workloads(id))).toBeGreaterThanOrEqual(done(cluster(id)));
    }
    // One seed init per provider (aws, kubernetes, random), at once, each filling its own folder of the shared cache.
    const seeds = calls.filter((c) => c.pluginCache !== null);
    expect(seeds.map((c) => `${c.command} ${c.stack}`).sort()).toEqual(['init 0', 'init 1', 'init 2']);
    expect(readFileSync(path.join(dir, 'cdktf.out', 'stacks', workloads('p01'), '.terraform.lock.hcl'), 'utf8')).toMatch(
      /^provider "registry.terraform.io\/hashicorp\/kubernetes" \{[\s\S]*provider "registry.terraform.io\/hashicorp\/random"/m,
    );
    // Every stack's own init: our CLI configuration (the shared folder only), no plugin cache, the seed's lock file.
    const stackInits = calls.filter((c) => c.command === 'init' && c.pluginCache === null);
    expect(stackInits).toHaveLength(7);
    expect(stackInits.every((c) => c.cliConfig === path.join(dir, 'class-runs', 'providers.tfrc') && c.lock)).toBe(true);
    expect(row(stdout, cluster('p02'))).toMatch(/^p02\s+eks-workshop-p02-cluster\s+deployed\s+\d+s/);
    expect(row(stdout, NETWORK)).toMatch(/^\(shared\)\s+eks-workshop-network\s+deployed/);
    expect(stdout).toMatch(/^deploy: 3\/3 participants deployed; shared: eks-workshop-network deployed$/m);
    expect(existsSync(path.join(dir, 'class-runs', '20261201T100000Z-deploy', 'p02', `${cluster('p02')}.log`))).toBe(true);

    const status = await runFakeClass(dir, ['status', '--no-synth']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^p01\s+deployed\s+eks-workshop-p01-cluster 2\/2, eks-workshop-p01-workloads 2\/2$/m);
    expect(status.stdout).toMatch(/^3 deployed \(states: local files in /m);
  });

  test('at most --parallel participants at once; the network does not hold a participant slot once done', async () => {
    const { dir, log } = project(4);
    const { code } = await runFakeClass(dir, ['deploy', '--no-synth', '--parallel', '2'], { FAKE_TF_DELAY_MS: '150' });
    expect(code).toBe(0);
    const calls = applies(fakeCalls(log)).filter((c) => c.stack !== NETWORK);
    const ownerOf = (c: FakeTerraformCall) => c.stack.split('-')[2];
    // At every start, how many other participants had a stack running.
    const overlap = Math.max(...calls.map((c) => new Set(calls.filter((o) => o.start < c.start && o.end > c.start).map(ownerOf).filter((o) => o !== ownerOf(c))).size + 1));
    expect(overlap).toBe(2);
  });

  test("a participant's failure stops only that participant; the same command again completes it", async () => {
    const { dir, log } = project();
    const failing = await runFakeClass(dir, ['deploy', '--no-synth'], { FAKE_TF_FAIL: `${cluster('p02')}:apply` });
    expect(failing.code).toBe(1);
    expect(row(failing.stdout, cluster('p01'))).toMatch(/deployed/);
    expect(row(failing.stdout, workloads('p03'))).toMatch(/deployed/);
    expect(row(failing.stdout, cluster('p02'))).toMatch(/^p02\s+eks-workshop-p02-cluster\s+FAILED\s+\d+s\s+apply$/);
    expect(row(failing.stdout, workloads('p02'))).toMatch(/not run\s+eks-workshop-p02-cluster failed$/);
    expect(failing.stdout).toContain('Failures:\n  p02 eks-workshop-p02-cluster: apply failed; log class-runs/20261201T100000Z-deploy/p02/eks-workshop-p02-cluster.log');
    expect(failing.stdout).toMatch(/^ {6}Error: creating IAM Role \(eks-workshop-p02-cluster\): .*EntityAlreadyExists: Role with name/m);
    expect(failing.stdout).toMatch(/^deploy: 2\/3 participants deployed; shared: eks-workshop-network deployed; FAILED: p02 \(apply of eks-workshop-p02-cluster\)$/m);
    expect(failing.stdout).toMatch(/^next: fix the cause .* run the same command again/m);
    // Not retried: EntityAlreadyExists fails the same way every time.
    expect(applies(fakeCalls(log)).filter((c) => c.stack === cluster('p02'))).toHaveLength(1);

    const again = await runFakeClass(dir, ['deploy', '--no-synth']);
    expect(again.code).toBe(0);
    expect(row(again.stdout, workloads('p02'))).toMatch(/deployed/);
  });

  test('throttling is retried with backoff; the report counts only the last attempt', async () => {
    const { dir, log } = project(1);
    const { code, stderr, sleeps } = await runFakeClass(dir, ['deploy', '--no-synth'], { FAKE_TF_THROTTLE: `${cluster('p01')}:apply:2` }, { retryBaseSeconds: 30 });
    expect(code).toBe(0);
    expect(applies(fakeCalls(log)).filter((c) => c.stack === cluster('p01')).map((c) => c.exit)).toEqual([1, 1, 0]);
    // Full jitter around 30 s, then 60 s (random() = 0.5 here).
    expect(sleeps).toEqual([23_000, 45_000]);
    expect(stderr).toMatch(/p01 eks-workshop-p01-cluster: apply failed with a retryable error, attempt 2 of 3 in 23s \(Error: .*ThrottlingException: Rate exceeded\)/);
  });

  test('destroy: workloads then cluster per participant, the network last and only once every participant is gone', async () => {
    const { dir, log } = project();
    expect((await runFakeClass(dir, ['deploy', '--no-synth'])).code).toBe(0);
    const deployCalls = fakeCalls(log).length;

    const failing = await runFakeClass(dir, ['destroy', '--no-synth'], { FAKE_TF_FAIL: `${cluster('p02')}:destroy` });
    expect(failing.code).toBe(1);
    expect(row(failing.stdout, cluster('p01'))).toMatch(/destroyed/);
    expect(row(failing.stdout, cluster('p03'))).toMatch(/destroyed/);
    expect(row(failing.stdout, workloads('p02'))).toMatch(/destroyed/);
    expect(row(failing.stdout, cluster('p02'))).toMatch(/FAILED\s+\d+s\s+destroy$/);
    expect(row(failing.stdout, NETWORK)).toMatch(/kept\s+eks-workshop-p02-cluster was not destroyed$/);
    const destroys = fakeCalls(log).slice(deployCalls).filter((c) => c.command === 'destroy');
    expect(destroys.map((c) => c.stack)).not.toContain(NETWORK);
    for (const id of ['p01', 'p03']) {
      const w = destroys.find((c) => c.stack === workloads(id)) as FakeTerraformCall;
      const c = destroys.find((d) => d.stack === cluster(id)) as FakeTerraformCall;
      expect(c.start).toBeGreaterThanOrEqual(w.end);
    }

    const before = fakeCalls(log).length;
    const again = await runFakeClass(dir, ['destroy', '--no-synth']);
    expect(again.code).toBe(0);
    // p01 and p03 hold nothing: skipped without terraform; p02's cluster, then the network.
    const second = fakeCalls(log).slice(before).filter((c) => c.command === 'destroy');
    expect(second.map((c) => c.stack)).toEqual([cluster('p02'), NETWORK]);
    expect(row(again.stdout, cluster('p01'))).toMatch(/already destroyed\s+its state holds no resources$/);
    expect(again.stdout).toMatch(/^destroy: 3\/3 participants destroyed; shared: eks-workshop-network destroyed$/m);
  });

  test('--participants acts on those only, never the network, and needs the network deployed first', async () => {
    const { dir, log } = project();
    const early = await runFakeClass(dir, ['deploy', '--no-synth', '--participants', 'p01']);
    expect(early.code).toBe(1);
    expect(row(early.stdout, cluster('p01'))).toMatch(/not run\s+eks-workshop-network is not deployed: deploy it first \(npm run class -- deploy --kinds network\)$/);
    expect(fakeCalls(log).filter((c) => c.command === 'apply')).toEqual([]);

    expect((await runFakeClass(dir, ['deploy', '--no-synth', '--kinds', 'network'])).code).toBe(0);
    const batch = await runFakeClass(dir, ['deploy', '--no-synth', '--participants', 'p01,p03']);
    expect(batch.code).toBe(0);
    expect(applies(fakeCalls(log)).map((c) => c.stack)).toEqual(
      expect.arrayContaining([NETWORK, cluster('p01'), workloads('p01'), cluster('p03'), workloads('p03')]),
    );
    expect(applies(fakeCalls(log)).map((c) => c.stack)).not.toContain(cluster('p02'));
    expect(row(batch.stdout, cluster('p02'))).toMatch(/left out\s+left out by --participants p01,p03$/);

    // The network is kept while a participant's state holds something, also when only the network is asked for.
    const network = await runFakeClass(dir, ['destroy', '--no-synth', '--kinds', 'network']);
    expect(network.code).toBe(1);
    expect(row(network.stdout, NETWORK)).toMatch(/kept\s+eks-workshop-p01-cluster is still deployed \(2 resources\)$/);
  });

  test('--kinds network,cluster leaves the workloads out and says so; status shows the participants partly deployed', async () => {
    const { dir } = project(2);
    const { code, stdout } = await runFakeClass(dir, ['deploy', '--no-synth', '--kinds', 'network,cluster']);
    expect(code).toBe(0);
    expect(row(stdout, workloads('p01'))).toMatch(/left out\s+left out by --kinds network,cluster$/);
    expect(stdout).toMatch(/^NOTE: 2 workloads stacks were not run \(--kinds network,cluster\): this run says nothing about them$/m);
    const status = await runFakeClass(dir, ['status', '--no-synth', '--json']);
    const report = JSON.parse(status.stdout) as { owners: Array<{ owner?: string; status: string }> };
    expect(report.owners.map((o) => [o.owner ?? 'shared', o.status])).toEqual([
      ['shared', 'deployed'],
      ['p01', 'partly deployed'],
      ['p02', 'partly deployed'],
    ]);
  });

  test('--json prints the report for scripts', async () => {
    const { dir } = project(1);
    const { code, stdout } = await runFakeClass(dir, ['deploy', '--no-synth', '--json'], { FAKE_TF_FAIL: `${cluster('p01')}:apply` });
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { ok: boolean; stacks: Array<Record<string, unknown>> };
    expect(report.ok).toBe(false);
    expect(report.stacks.find((s) => s.stack === cluster('p01'))).toEqual(
      expect.objectContaining({ participant: 'p01', kind: 'cluster', result: 'FAILED', step: 'apply', errorLines: [expect.stringMatching(/^Error: creating IAM Role/)] }),
    );
  });

  test('the single lab runs through the same runner', async () => {
    const { dir } = fakeClassProject(labConfig());
    projects.push(dir);
    const { code, stdout } = await runFakeClass(dir, ['deploy', '--no-synth']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^eks-workshop\s+eks-workshop-cluster\s+deployed/m);
    expect(stdout).toMatch(/^deploy: 1\/1 lab deployed$/m);
  });

  test('--kinds network on a single lab (its network is in its cluster stack) selects nothing: exit 2, not a success that did nothing', async () => {
    const { dir } = fakeClassProject(labConfig());
    projects.push(dir);
    const { code, stderr } = await runFakeClass(dir, ['deploy', '--kinds', 'network', '--no-synth']);
    expect([code, stderr]).toEqual([2, expect.stringContaining('--kinds network selects no stack of this configuration (its stacks are of kinds cluster, workloads)')]);
  });

  test.each([
    [['launch'], /unknown command "launch"/],
    [[], /name one command \(got none\)/],
    [['deploy', '--participants', 'zed'], /--participants \("zed"\) must be one of roster.participants: p01, p02, p03/],
    [['deploy', '--kinds', 'vpc'], /--kinds \("vpc"\) must be among network, cluster, workloads/],
    [['deploy', '--parallel', '0'], /--parallel \("0"\) must be a whole number >= 1/],
    [['deploy', '--out', 'x'], /--out applies to the workflow command only/],
    [['deploy', '--participants', 'p01', '--kinds', 'network'], /--participants p01 --kinds network selects no stack of this configuration .*; shared stacks \(the network\) run only without --participants/],
    [['deploy', '--bogus'], /Unknown option '--bogus'/],
  ])('%j: exit 2 with the reason', async (argv, message) => {
    const { dir } = project();
    const { code, stderr } = await runFakeClass(dir, [...argv, '--no-synth']);
    expect([code, stderr]).toEqual([2, expect.stringMatching(message)]);
  });

  test('a log folder that cannot be created: exit 2 naming it and the reason, before anything runs', async () => {
    const { dir, log } = project(1);
    writeFileSync(path.join(dir, 'afile'), '');
    const { code, stderr } = await runFakeClass(dir, ['status', '--no-synth', '--log-dir', 'afile/x']);
    expect([code, stderr]).toEqual([2, expect.stringContaining(`cannot create the log folder ${path.join(dir, 'afile', 'x')} (--log-dir): ENOTDIR`)]);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(fakeCalls(log)).toEqual([]);
  });

  test('more participants at once than the memory available holds: a warning with the figures and what to lower; the run goes on', async () => {
    const { dir } = project(3);
    const { code, stderr } = await runFakeClass(dir, ['deploy', '--no-synth'], {}, { availableMemory: () => 0.7 * 1024 ** 3 });
    expect(code).toBe(0);
    expect(stderr).toContain(
      'WARNING: 3 participants at once need about 0.9 GiB (0.3 GiB each: terraform and its provider), and this machine has 0.7 GiB available: ' +
        'a terraform killed for memory mid-apply leaves its stack to a second run; lower --parallel (or class.parallel) to about 2',
    );
    // Enough memory: nothing to say.
    expect(parallelMemoryWarning(3, 0.9 * 1024 ** 3)).toBeUndefined();
    // status runs no terraform apply: no warning even with no memory to spare.
    expect((await runFakeClass(dir, ['status', '--no-synth'], {}, { availableMemory: () => 0 })).stderr).not.toContain('participants at once need');
  });

  test('terraform missing or too old: exit 2 before anything runs', async () => {
    const { dir, log } = project(1);
    const missing = await runFakeClass(dir, ['deploy', '--no-synth'], { TERRAFORM_BIN: '', PATH: '/nonexistent' });
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/class: no terraform on PATH \(install Terraform >= 1\.10\.0, or set TERRAFORM_BIN/)]);
    const old = await runFakeClass(dir, ['deploy', '--no-synth'], { FAKE_TF_VERSION: '1.9.8' });
    expect([old.code, old.stderr]).toEqual([2, expect.stringMatching(/is Terraform 1\.9\.8: the stacks need >= 1\.10\.0/)]);
    expect(fakeCalls(log)).toEqual([]);
  });

  test('a synth that fails: exit 2 with the app output; --no-synth on an incomplete cdktf.out: exit 2', async () => {
    const { dir } = project(1);
    const synth = await runFakeClass(dir, ['deploy']);
    expect([synth.code, synth.stderr]).toEqual([2, expect.stringMatching(/the synth \(exit 3\) failed with exit 3/)]);
    rmSync(path.join(dir, 'cdktf.out', 'stacks', workloads('p01')), { recursive: true });
    const partial = await runFakeClass(dir, ['deploy', '--no-synth']);
    expect([partial.code, partial.stderr]).toEqual([2, expect.stringMatching(/cdktf.out lacks 1 stack\(s\) of this configuration \(eks-workshop-p01-workloads\): run without --no-synth/)]);
  });

  test('a seed init the registry did not answer is tried again; one that cannot succeed is not', async () => {
    const { dir } = project(1);
    const flaky = path.join(dir, 'flaky-terraform');
    // Fails each seed's first init as an unreachable registry does, then behaves as the stand-in.
    writeFileSync(
      flaky,
      `#!/bin/sh\nif [ "$1" = init ] && [ -n "$TF_PLUGIN_CACHE_DIR" ] && [ ! -f .tried ]; then touch .tried; echo "Error: Failed to query available provider packages"; echo "could not connect to registry.terraform.io: i/o timeout"; exit 1; fi\nexec ${FAKE} "$@"\n`,
    );
    chmodSync(flaky, 0o755);
    const { code, sleeps } = await runFakeClass(dir, ['deploy', '--no-synth'], { TERRAFORM_BIN: flaky });
    expect(code).toBe(0);
    expect(sleeps).toEqual([23_000, 23_000, 23_000]);
  });

  test('a seed init that fails stops the run with its output: exit 2', async () => {
    const { dir } = project(1);
    const broken = path.join(dir, 'broken-terraform');
    writeFileSync(broken, '#!/bin/sh\nif [ "$1" = version ]; then echo \'{"terraform_version":"1.11.4"}\'; exit 0; fi\necho "Error: Failed to query available provider packages"; exit 1\n');
    chmodSync(broken, 0o755);
    const { code, stderr, sleeps } = await runFakeClass(dir, ['deploy', '--no-synth'], { TERRAFORM_BIN: broken });
    // Not the registry's silence: no second try.
    expect(sleeps).toEqual([]);
    expect([code, stderr]).toEqual([2, expect.stringMatching(/terraform init could not install the provider hashicorp\/aws@6\.25\.0[\s\S]*Error: Failed to query available provider packages/)]);
  });
});
