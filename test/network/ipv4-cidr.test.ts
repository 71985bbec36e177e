import { cidrContains, cidrsOverlap, formatIpv4Cidr, Ipv4Cidr, parseIpv4Cidr, PRIVATE_IPV4_RANGES } from '../../lib/config/ipv4-cidr';

/** Parses a CIDR the test knows to be valid. */
function net(text: string): Ipv4Cidr {
  const parsed = parseIpv4Cidr(text);
  if (typeof parsed === 'string') throw new Error(`${text}: ${parsed}`);
  return parsed;
}

describe('cidrsOverlap', () => {
  test.each<[string, string, boolean]>([
    ['10.42.0.0/16', '10.42.0.0/16', true], // the same network
    ['10.42.0.0/16', '10.42.128.0/20', true], // nested
    ['10.42.128.0/20', '10.42.0.0/16', true], // nested, either order
    ['10.0.0.0/8', '10.255.255.0/24', true], // the last block of the larger one
    ['0.0.0.0/0', '192.168.1.0/24', true], // everything
    ['10.42.0.0/16', '10.43.0.0/16', false], // neighbours
    ['10.42.0.0/16', '10.100.0.0/16', false], // EKS's first default service range
    ['172.16.0.0/12', '172.32.0.0/16', false], // just past the end
    ['192.168.0.0/24', '192.168.1.0/24', false],
    ['255.255.255.255/32', '255.255.255.254/32', false], // top of the address space, no sign trouble
  ])('%s and %s: %s', (a, b, overlap) => {
    expect(cidrsOverlap(net(a), net(b))).toBe(overlap);
    expect(cidrsOverlap(net(b), net(a))).toBe(overlap);
  });
});

describe('cidrContains', () => {
  test('is directional: the outer network must be at least as large', () => {
    expect(cidrContains(net('10.0.0.0/8'), net('10.100.0.0/16'))).toBe(true);
    expect(cidrContains(net('10.100.0.0/16'), net('10.0.0.0/8'))).toBe(false);
    expect(cidrContains(net('0.0.0.0/0'), net('203.0.113.0/24'))).toBe(true);
    expect(cidrContains(net('172.16.0.0/12'), net('172.31.255.0/24'))).toBe(true);
    expect(cidrContains(net('172.16.0.0/12'), net('172.32.0.0/24'))).toBe(false);
  });
});

describe('PRIVATE_IPV4_RANGES', () => {
  test('are the three RFC 1918 blocks', () => {
    expect(PRIVATE_IPV4_RANGES.map(formatIpv4Cidr)).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
  });
});
