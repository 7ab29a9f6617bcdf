// Which IP addresses a deploy may fetch from. A repository URL is chosen by a
// user, so without this check a deploy could make Brisk's worker connect to
// its own loopback services, the cloud metadata endpoint (169.254.169.254) or
// the operator's private network (server-side request forgery).
import net from 'node:net';

interface Range {
  base: bigint;
  bits: number;
  label: string;
}

function v4(cidr: string, label: string): Range {
  const [address, bits] = cidr.split('/');
  return { base: ipv4ToBigInt(address!)!, bits: Number(bits), label };
}

function v6(cidr: string, label: string): Range {
  const [address, bits] = cidr.split('/');
  return { base: ipv6ToBigInt(address!)!, bits: Number(bits), label };
}

// Not reachable on the public internet, or not meant to be: RFC 6890's
// special-purpose registries, kept to the ranges that matter for a fetch.
const IPV4_RANGES: Range[] = [
  v4('0.0.0.0/8', '"this network" (0.0.0.0/8)'),
  v4('10.0.0.0/8', 'private (10.0.0.0/8)'),
  v4('100.64.0.0/10', 'carrier-grade NAT (100.64.0.0/10)'),
  v4('127.0.0.0/8', 'loopback (127.0.0.0/8)'),
  v4('169.254.0.0/16', 'link-local (169.254.0.0/16)'),
  v4('172.16.0.0/12', 'private (172.16.0.0/12)'),
  v4('192.0.0.0/24', 'IETF protocol assignments (192.0.0.0/24)'),
  v4('192.0.2.0/24', 'documentation (192.0.2.0/24)'),
  v4('192.168.0.0/16', 'private (192.168.0.0/16)'),
  v4('198.18.0.0/15', 'benchmarking (198.18.0.0/15)'),
  v4('198.51.100.0/24', 'documentation (198.51.100.0/24)'),
  v4('203.0.113.0/24', 'documentation (203.0.113.0/24)'),
  v4('224.0.0.0/4', 'multicast (224.0.0.0/4)'),
  v4('240.0.0.0/4', 'reserved (240.0.0.0/4)'),
];

const IPV6_RANGES: Range[] = [
  v6('::/128', 'unspecified (::)'),
  v6('::1/128', 'loopback (::1)'),
  v6('100::/64', 'discard (100::/64)'),
  // NAT64 for a network's own use (RFC 8215): what it reaches is the operator's choice, so never public.
  v6('64:ff9b:1::/48', 'local-use NAT64 (64:ff9b:1::/48)'),
  v6('2001:db8::/32', 'documentation (2001:db8::/32)'),
  v6('fc00::/7', 'unique-local (fc00::/7)'),
  v6('fe80::/10', 'link-local (fe80::/10)'),
  v6('fec0::/10', 'site-local (fec0::/10)'),
  v6('ff00::/8', 'multicast (ff00::/8)'),
];

// IPv6 forms that carry an IPv4 address a host may route to: mapped
// (::ffff:a.b.c.d, what a dual-stack socket shows), SIIT's translated form
// (::ffff:0:a.b.c.d), the deprecated compatible form (::a.b.c.d), NAT64
// (64:ff9b::/96) and 6to4 (2002::/16).
const EMBEDDED_IPV4: { range: Range; shift: bigint }[] = [
  { range: v6('::ffff:0:0/96', ''), shift: 0n },
  { range: v6('::ffff:0:0:0/96', ''), shift: 0n },
  { range: v6('::/96', ''), shift: 0n },
  { range: v6('64:ff9b::/96', ''), shift: 0n },
  { range: v6('2002::/16', ''), shift: 80n },
];

function inRange(value: bigint, range: Range, width: number): boolean {
  const shift = BigInt(width - range.bits);
  return value >> shift === range.base >> shift;
}

function ipv4ToBigInt(address: string): bigint | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function ipv6ToBigInt(address: string): bigint | undefined {
  let text = address.replace(/%.*$/, ''); // a zone id (fe80::1%eth0) names an interface, not an address
  // A dotted IPv4 tail (::ffff:10.0.0.1) is two 16-bit groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const tail = ipv4ToBigInt(dotted[1]!);
    if (tail === undefined) return undefined;
    text = `${text.slice(0, dotted.index)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    value = (value << 16n) | BigInt(`0x${group}`);
  }
  return value;
}

function ipv4Reason(value: bigint): string | undefined {
  return IPV4_RANGES.find((range) => inRange(value, range, 32))?.label;
}

/**
 * Why `address` (an IPv4 or IPv6 literal) is not a public internet address,
 * or undefined when it is one. Also refuses what is not an IP address at all.
 */
export function nonPublicReason(address: string): string | undefined {
  const family = net.isIP(address.replace(/%.*$/, ''));
  if (family === 4) return ipv4Reason(ipv4ToBigInt(address)!);
  if (family !== 6) return 'not an IP address';
  const value = ipv6ToBigInt(address);
  if (value === undefined) return 'not an IP address';
  const own = IPV6_RANGES.find((range) => inRange(value, range, 128))?.label;
  if (own) return own;
  for (const { range, shift } of EMBEDDED_IPV4) {
    if (!inRange(value, range, 128)) continue;
    const embedded = (value >> shift) & 0xffffffffn;
    const reason = ipv4Reason(embedded);
    if (reason) return `${reason}, embedded in an IPv6 address`;
  }
  return undefined;
}
