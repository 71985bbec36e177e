import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { learnerAccess, learnerPathMarkdown } from '../../lib/fleet/learner-path';
import { learnerPathReference } from '../../scripts/learner-path';
import { runRoster } from '../../scripts/roster';
import { classConfig, labConfig, labPlan, planOf, ssoClassConfig } from '../support/fixtures';

const plan = planOf(labConfig());

describe('npm run roster -- --handout DIR', () => {
  const run = (argv: string[], env: Record<string, string> = {}, cwd = mkdtempSync(path.join(tmpdir(), 'lab-handout-cwd-'))) => {
    let out = '';
    let err = '';
    const code = runRoster(argv, { env, cwd, out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err, cwd };
  };

  test('a class: one handout per participant, each with their own cluster, kubeconfig command and repair command only', () => {
    const config = classConfig(3, { region: 'eu-west-1' });
    const dir = mkdtempSync(path.join(tmpdir(), 'lab-handouts-'));
    const file = path.join(dir, 'class.yaml');
    writeFileSync(
      file,
      `region: eu-west-1\nexpiresOn: ${config.expiresOn}\nroster:\n  participants:\n` +
        config.roster!.participants.map((p) => `    - { id: ${p.id}, principalArn: "${p.principalArn}" }\n`).join(''),
    );
    const result = run(['--handout', 'handouts'], { LAB_CONFIG: file }, dir);
    expect(result.code).toBe(0);
    const written = path.join(dir, 'handouts');
    expect(readdirSync(written).sort()).toEqual(['p01.md', 'p02.md', 'p03.md']);
    expect(result.out).toBe(['p01', 'p02', 'p03'].map((p) => `${path.join(written, `${p}.md`)}\n`).join(''));
    expect(result.err).toMatch(/^configuration: .*class of 3 participants\n$/);
    for (const me of ['p01', 'p02', 'p03']) {
      const text = readFileSync(path.join(written, `${me}.md`), 'utf8');
      expect(text.split('\n')[0]).toBe(`# Kubernetes workloads lab: ${me}`);
      expect(text).toContain(`Your lab is the EKS cluster \`eks-workshop-${me}\` in eu-west-1. It runs until ${config.expiresOn}.`);
      expect(text).toContain(`aws eks update-kubeconfig --name eks-workshop-${me} --region eu-west-1 --alias eks-workshop-${me}\n`);
      expect(text).toContain(`npx cdktf deploy eks-workshop-${me}-workloads --ignore-missing-stack-dependencies --auto-approve`);
      for (const other of ['p01', 'p02', 'p03'].filter((p) => p !== me)) expect(text).not.toContain(`eks-workshop-${other}`);
      // The same steps as the reference, for every participant.
      expect(text.slice(text.indexOf('## StatefulSets'))).toBe(learnerPathReference().slice(learnerPathReference().indexOf('## StatefulSets')));
    }
  });

  test('a single lab: one handout named after the lab; --handout=DIR works too', () => {
    const result = run(['--handout=out'], {});
    expect(result.code).toBe(0);
    expect(readdirSync(path.join(result.cwd, 'out'))).toEqual(['eks-workshop.md']);
    const text = readFileSync(path.join(result.cwd, 'out', 'eks-workshop.md'), 'utf8');
    expect(text).toBe(learnerPathMarkdown(plan, learnerAccess(plan)[0]));
  });

  test('an IAM Identity Center user: the handout shows the profile that assumes their learner role, then the kubeconfig command through it', () => {
    const sso = planOf(ssoClassConfig());
    const handout = (id: string) => learnerPathMarkdown(sso, learnerAccess(sso).find((a) => a.title === id)!);
    const text = handout('p02');
    expect(text).toContain(
      'You sign in through IAM Identity Center as `p02@example.com` with the permission set `Learner`, which the class shares. ' +
        'Your cluster is reached through the role `arn:aws:iam::123456789012:role/eks-workshop-p02-learner`, which only your user may assume.',
    );
    expect(text).toContain(
      [
        '```sh',
        'aws configure set profile.eks-workshop-p02.role_arn arn:aws:iam::123456789012:role/eks-workshop-p02-learner',
        'aws configure set profile.eks-workshop-p02.source_profile YOUR_SSO_PROFILE',
        '```',
      ].join('\n'),
    );
    expect(text).toContain('aws eks update-kubeconfig --name eks-workshop-p02 --region us-west-2 --alias eks-workshop-p02 --profile eks-workshop-p02\n');
    // A participant with a role of their own gets no assume step.
    expect(handout('p01')).not.toContain('configure set profile');
  });

  test("accounts per participant: the handout names the participant's own account", () => {
    const accounts = labPlan({
      expiresOn: '2030-12-31',
      roster: { participants: [{ id: 'ana', accountId: '200000000001', principalArn: 'arn:aws:iam::200000000001:role/Learner' }] },
    });
    const text = learnerPathMarkdown(accounts, learnerAccess(accounts)[0]);
    expect(text).toContain('Your lab is the EKS cluster `eks-workshop-ana` in us-west-2, in your own AWS account 200000000001 (sign in to that account');
  });

  test('bad arguments exit 2 and write nothing', () => {
    expect(run(['--handout', ''])).toMatchObject({ code: 2, out: '', err: expect.stringMatching(/--handout needs a folder/) });
    expect(run(['--handout'])).toMatchObject({ code: 2, err: expect.stringMatching(/unknown argument "--handout"; usage: npm run roster -- \[--format json\|csv\] \[--handout DIR\]/) });
  });

  test('a folder that cannot be created (a file in its path): exit 2 naming the folder and the reason, no stack trace', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'lab-handout-cwd-'));
    writeFileSync(path.join(cwd, 'afile'), '');
    const result = run(['--handout', 'afile/handouts'], {}, cwd);
    expect(result).toMatchObject({ code: 2, out: '' });
    expect(result.err).toContain(`roster: cannot write the handouts into ${path.join(cwd, 'afile', 'handouts')} (--handout): ENOTDIR`);
    expect(result.err).not.toMatch(/\n\s+at /);
  });

  test('--help prints what it does and its exit codes, exit 0', () => {
    expect(run(['--help'])).toMatchObject({ code: 0, out: expect.stringMatching(/^usage: npm run roster -- .*\n[\s\S]*Exit codes: 0 printed or written/) });
  });
});
