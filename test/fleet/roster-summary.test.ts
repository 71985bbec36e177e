import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { rosterSummary, rosterSummaryCsv } from '../../lib/fleet/roster-summary';
import { runRoster } from '../../scripts/roster';
import { classConfig, labConfig, labPlan, PERMISSION_SET_ROLE_ARN, planOf, ssoClassConfig } from '../support/fixtures';

describe('rosterSummary', () => {
  test('a class: one row per participant with the exact kubeconfig command and the lab commands', () => {
    const summary = rosterSummary(planOf(classConfig(2, { region: 'eu-west-1' })));
    expect(summary.sharedNetworkStack).toBe('eks-workshop-network');
    expect(summary.commands.deployAll).toBe("npx cdktf deploy '*' --parallelism 10 --auto-approve");
    expect(summary.classCommands).toEqual({ deployAll: 'npm run class -- deploy', destroyAll: 'npm run class -- destroy', status: 'npm run class -- status' });
    expect(summary.labs).toHaveLength(2);
    expect(summary.labs[1]).toEqual({
      participant: 'p02',
      principalArn: 'arn:aws:iam::123456789012:role/participant-p02',
      accountId: '',
      clusterName: 'eks-workshop-p02',
      region: 'eu-west-1',
      updateKubeconfigCommand: 'aws eks update-kubeconfig --name eks-workshop-p02 --region eu-west-1 --alias eks-workshop-p02',
      stacks: ['eks-workshop-p02-cluster', 'eks-workshop-p02-workloads'],
      expiresOn: '2026-12-31',
      commands: {
        deploy: 'npx cdktf deploy eks-workshop-network eks-workshop-p02-cluster eks-workshop-p02-workloads --auto-approve',
        resetWorkloads: [
          'npx cdktf destroy eks-workshop-p02-workloads --auto-approve',
          'npx cdktf deploy eks-workshop-p02-workloads --ignore-missing-stack-dependencies --auto-approve',
        ],
        destroy: 'npx cdktf destroy eks-workshop-p02-workloads eks-workshop-p02-cluster --auto-approve',
      },
      classCommands: {
        deploy: 'npm run class -- deploy --participants p02',
        resetWorkloads: ['npm run class -- destroy --participants p02 --kinds workloads', 'npm run class -- deploy --participants p02 --kinds workloads'],
        destroy: 'npm run class -- destroy --participants p02',
      },
      iamPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DescribeOwnLabCluster',
            Effect: 'Allow',
            Action: ['eks:DescribeCluster'],
            Resource: ['arn:aws:eks:eu-west-1:123456789012:cluster/eks-workshop-p02'],
          },
        ],
      },
    });
    expect(summary.participantAccess).toMatch(/^Each participant's IAM principal needs its row's iamPolicy \(eks:DescribeCluster on their own cluster\)/);
  });

  test('IAM Identity Center users: their learner role as principal, the assume step, and one policy per permission set', () => {
    const summary = rosterSummary(planOf(ssoClassConfig()));
    const [own, sso] = [summary.labs[0], summary.labs[1]];
    expect(own.ssoUser).toBeUndefined();
    expect(own.assumeRole).toBeUndefined();
    const learner = 'arn:aws:iam::123456789012:role/eks-workshop-p02-learner';
    expect(sso).toMatchObject({
      participant: 'p02',
      principalArn: learner,
      ssoUser: { permissionSetRoleArn: PERMISSION_SET_ROLE_ARN, userName: 'p02@example.com' },
      assumeRole: {
        roleArn: learner,
        profile: 'eks-workshop-p02',
        profileCommands: [`aws configure set profile.eks-workshop-p02.role_arn ${learner}`, 'aws configure set profile.eks-workshop-p02.source_profile YOUR_SSO_PROFILE'],
      },
      updateKubeconfigCommand: 'aws eks update-kubeconfig --name eks-workshop-p02 --region us-west-2 --alias eks-workshop-p02 --profile eks-workshop-p02',
      // What the permission set needs for this row: to assume the learner role (which itself may describe the cluster).
      iamPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'AssumeOwnLabRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: [learner] }] },
    });
    expect(summary.permissionSetPolicies).toEqual([
      {
        permissionSetRoleArn: PERMISSION_SET_ROLE_ARN,
        participants: ['p02', 'p03'],
        policy: {
          Version: '2012-10-17',
          Statement: [{ Sid: 'AssumeOwnLabRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: [learner, learner.replace('p02', 'p03')] }],
        },
      },
    ]);
    expect(summary.participantAccess).toMatch(/IAM Identity Center users \(rows with ssoUser\) reach their cluster through the learner role the lab creates/);
    const csv = rosterSummaryCsv(summary);
    expect(csv).toContain(`,p02@example.com,"aws configure set profile.eks-workshop-p02.role_arn ${learner}\naws configure set profile.eks-workshop-p02.source_profile YOUR_SSO_PROFILE"\n`);
  });

  test('a class without IAM Identity Center users lists no permission set', () => {
    expect(rosterSummary(planOf(classConfig(2))).permissionSetPolicies).toBeUndefined();
  });

  test('a single lab: one row without a participant, no shared network', () => {
    const summary = rosterSummary(planOf(labConfig()));
    expect(summary.sharedNetworkStack).toBeUndefined();
    expect(summary.participantAccess).toBeUndefined();
    expect(summary.labs.map((l) => [l.participant, l.clusterName, l.iamPolicy])).toEqual([['', 'eks-workshop', undefined]]);
  });

  test('CSV: a header and one quoted-as-needed line per lab, for mail merge', () => {
    const csv = rosterSummaryCsv(rosterSummary(planOf(classConfig(2, { tags: {} }))));
    expect(csv.split('\n')).toEqual([
      'participant,principalArn,accountId,clusterName,region,updateKubeconfigCommand,expiresOn,iamPolicy,ssoUserName,profileCommands',
      ...['p01', 'p02'].map(
        (p) =>
          `${p},arn:aws:iam::123456789012:role/participant-${p},,eks-workshop-${p},us-west-2,aws eks update-kubeconfig --name eks-workshop-${p} --region us-west-2 --alias eks-workshop-${p},2026-12-31,` +
          `"{""Version"":""2012-10-17"",""Statement"":[{""Sid"":""DescribeOwnLabCluster"",""Effect"":""Allow"",""Action"":[""eks:DescribeCluster""],""Resource"":[""arn:aws:eks:us-west-2:123456789012:cluster/eks-workshop-${p}""]}]}",,`,
      ),
      '',
    ]);
  });

  test('CSV of a single lab: the policy column stays empty', () => {
    expect(rosterSummaryCsv(rosterSummary(planOf(labConfig()))).split('\n')[1]).toMatch(/,$/);
  });
});

describe('npm run roster', () => {
  const run = (argv: string[], env: Record<string, string> = {}) => {
    let out = '';
    let err = '';
    const code = runRoster(argv, { env, cwd: mkdtempSync(path.join(tmpdir(), 'lab-roster-cwd-')), out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  };

  test('prints JSON by default and CSV on request, from the LAB_CONFIG file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lab-roster-'));
    const file = path.join(dir, 'class.yaml');
    writeFileSync(
      file,
      'expiresOn: 2026-12-31\nroster:\n  participants:\n    - { id: ana, principalArn: "arn:aws:iam::123456789012:user/ana" }\n',
    );
    const json = run([], { LAB_CONFIG: file });
    expect(json.code).toBe(0);
    expect((JSON.parse(json.out) as { labs: Array<{ clusterName: string }> }).labs[0].clusterName).toBe('eks-workshop-ana');
    expect(json.err).toBe(`configuration: ${file} (from LAB_CONFIG): lab eks-workshop, region us-west-2 [US West (Oregon)], class of 1 participant\n`);
    const csv = run(['--format', 'csv'], { LAB_CONFIG: file });
    expect(csv.code).toBe(0);
    expect(csv.out.split('\n')[1]).toMatch(/^ana,arn:aws:iam::123456789012:user\/ana,,eks-workshop-ana,/);
    // The note CSV has no room for, on stderr after the configuration line.
    expect(csv.err.split('\n')[1]).toMatch(/^Each participant's IAM principal needs its row's iamPolicy/);
  });

  test('bad arguments exit 2 and a bad configuration exits 1, naming the problem', () => {
    expect(run(['--format', 'xml'])).toEqual({ code: 2, out: '', err: expect.stringMatching(/--format \("xml"\) must be json or csv/) });
    expect(run(['--fromat'])).toMatchObject({ code: 2, err: expect.stringMatching(/unknown argument "--fromat"/) });
    expect(run([], { LAB_NAME: 'Bad_Name' })).toMatchObject({ code: 1, err: expect.stringMatching(/labName \("Bad_Name"\) must be lower-case/) });
    // A date that does not exist: the configuration line first, the field and the format, no RangeError.
    const badDate = run([], { LAB_EXPIRES_ON: '2026-13-01' });
    expect(badDate).toMatchObject({ code: 1, out: '' });
    expect(badDate.err).toMatch(/^configuration: built-in defaults \(no lab\.yaml, no LAB_CONFIG\) \+ LAB_EXPIRES_ON from the environment: rejected, 1 problem\n/);
    expect(badDate.err).toMatch(/expiresOn \("2026-13-01"\) must be a date that exists/);
    expect(badDate.err).not.toContain('RangeError');
  });

  test('accounts per participant: each row names the account, and the instructors reach it through the account role', () => {
    const summary = rosterSummary(
      labPlan({
        expiresOn: '2030-12-31',
        roster: { participants: [{ id: 'ana', accountId: '200000000001', principalArn: 'arn:aws:iam::200000000001:role/Learner' }] },
      }),
    );
    expect(summary.labs[0]).toMatchObject({
      accountId: '200000000001',
      updateKubeconfigCommand: 'aws eks update-kubeconfig --name eks-workshop-ana --region us-west-2 --alias eks-workshop-ana',
      instructorKubeconfigCommand:
        'aws eks update-kubeconfig --name eks-workshop-ana --region us-west-2 --alias eks-workshop-ana --role-arn arn:aws:iam::200000000001:role/OrganizationAccountAccessRole',
    });
    // The participant's policy names their cluster in their account.
    expect(summary.labs[0].iamPolicy?.Statement[0].Resource).toEqual(['arn:aws:eks:us-west-2:200000000001:cluster/eks-workshop-ana']);
    expect(rosterSummaryCsv(summary).split('\n')[1]).toMatch(/^ana,arn:aws:iam::200000000001:role\/Learner,200000000001,eks-workshop-ana,/);
  });

  test("an IAM Identity Center participant in their own account: their command uses their profile, the instructors' never does", () => {
    const summary = rosterSummary(
      labPlan({
        expiresOn: '2030-12-31',
        roster: {
          participants: [
            { id: 'ben', accountId: '200000000002', ssoUser: { permissionSetRoleArn: 'arn:aws:iam::200000000002:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Learner_0123456789abcdef', userName: 'ben@example.com' } },
          ],
        },
      }),
    );
    const [lab] = summary.labs;
    expect(lab.updateKubeconfigCommand).toMatch(/ --profile \S+$/);
    expect(lab.instructorKubeconfigCommand).toBe(
      'aws eks update-kubeconfig --name eks-workshop-ben --region us-west-2 --alias eks-workshop-ben --role-arn arn:aws:iam::200000000002:role/OrganizationAccountAccessRole',
    );
  });
});
