import { Testing, TerraformStack } from 'cdktf';
import { VolumeReleaseWait } from '../../lib/cluster/volume-release-wait';
import { LabEks } from '../../lib/cluster/lab-eks';
import { SecretsEncryption } from '../../lib/config/lab-config';
import { labPlan } from '../support/fixtures';

describe('VolumeReleaseWait', () => {
  const synth = (props: Partial<ConstructorParameters<typeof VolumeReleaseWait>[2]> = {}) =>
    JSON.parse(
      Testing.synthScope((scope) => {
        new VolumeReleaseWait(scope, 'Wait', { region: 'eu-west-1', volumeTags: { lab: 'x' }, keepUntilReleased: [], ...props });
      }),
    ) as { resource: { terraform_data: Record<string, { input: unknown; provisioner: Array<{ 'local-exec': { command: string } }> }> } };

  test('defaults: a terraform_data with a 15-minute destroy-time poll by the given tags', () => {
    const [wait] = Object.values(synth().resource.terraform_data);
    expect(wait.input).toEqual({ region: 'eu-west-1', volumeTags: { lab: 'x' } });
    const command = wait.provisioner[0]['local-exec'].command;
    expect(command).toContain(
      "aws ec2 describe-volumes --region 'eu-west-1' --filters 'Name=tag:ebs.csi.aws.com/cluster,Values=true' 'Name=tag:lab,Values=x'",
    );
    expect(command).toContain('+ 900 ))');
  });

  test('overrides: timeout, and tags sorted so the command does not change with insertion order', () => {
    const [wait] = Object.values(synth({ timeoutSeconds: 120, volumeTags: { z: '1', a: "it's" } }).resource.terraform_data);
    const command = wait.provisioner[0]['local-exec'].command;
    expect(command).toContain("'Name=tag:a,Values=it'\\''s' 'Name=tag:ebs.csi.aws.com/cluster,Values=true' 'Name=tag:z,Values=1'"); // shell-quoted
    expect(command).toContain('+ 120 ))');
  });

  test.each([
    [{ timeoutSeconds: 30 }, /timeoutSeconds \(30\) must be a whole number >= 60/],
    [{ timeoutSeconds: 90.5 }, /timeoutSeconds \(90.5\) must be a whole number >= 60/],
    [{ volumeTags: {} }, /volumeTags \(\{\}\) must name at least one tag/],
    [{ volumeTags: { lab: '' } }, /volumeTags.lab \(""\) must be non-empty and contain no comma/],
  ])('rejects %j', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test('LabEks passes its owner tags to the wait, which rejects what the CLI filter cannot carry', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const plan = labPlan();
    expect(
      () =>
        new LabEks(stack, 'Eks', {
          lab: { ...plan.labs[0], volumeOwnerTags: { team: 'a,b' } },
          kubernetesVersion: '1.35',
          region: 'us-west-2',
          network: { vpcId: 'vpc-1', privateSubnetIds: ['a', 'b'], publicSubnetIds: ['c', 'd'] },
          publicAccessCidrs: ['0.0.0.0/0'],
          controlPlaneLogTypes: [],
          logRetentionDays: 7,
          secretsEncryption: SecretsEncryption.AWS_MANAGED,
          nodeGroup: plan.nodeGroup,
          addOns: plan.addOns,
        }),
    ).toThrow(/VolumeReleaseWait: volumeTags.team \("a,b"\) must be non-empty and contain no comma/);
  });
});
