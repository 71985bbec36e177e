import { LabConfigError } from '../../lib/config/load-lab-config';
import { AppOutput } from '../../lib/private/app-output';

/** An AppOutput that collects what it writes, chunk by chunk. */
function collected() {
  const chunks: string[] = [];
  return { output: new AppOutput((text) => chunks.push(text)), chunks };
}

describe('AppOutput', () => {
  test('notice: the message as it is, one line', () => {
    const { output, chunks } = collected();
    output.notice('configuration: cdktf.json context.lab, LAB_CONFIG=class.yaml');
    expect(chunks).toEqual(['configuration: cdktf.json context.lab, LAB_CONFIG=class.yaml\n']);
  });

  test('warning: prefixed WARNING, no second newline when the message has one', () => {
    const { output, chunks } = collected();
    output.warning('publicAccessCidrs includes 0.0.0.0/0');
    output.warning('expiresOn is in the past\n');
    expect(chunks).toEqual(['WARNING: publicAccessCidrs includes 0.0.0.0/0\n', 'WARNING: expiresOn is in the past\n']);
  });

  test('rejected: the heading and each problem once, in one write', () => {
    const { output, chunks } = collected();
    output.rejected(new LabConfigError(['labName ("X") must be lower-case', 'vpcCidr ("a") must be an IPv4 CIDR'], 'lab.yaml'));
    expect(chunks).toEqual([
      'configuration: lab.yaml: rejected, 2 problems\nInvalid lab configuration:\n  - labName ("X") must be lower-case\n  - vpcCidr ("a") must be an IPv4 CIDR\n',
    ]);
  });

  test('by default to stdout, which cdktf-cli prints without a label', () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const toStderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      new AppOutput().warning('to stdout');
      expect(write).toHaveBeenCalledWith('WARNING: to stdout\n');
      expect(toStderr).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
      toStderr.mockRestore();
    }
  });
});
