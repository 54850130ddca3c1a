import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key a client address is rate-limited under. An IPv6 client usually
 * controls a whole /64, so its addresses are grouped by their first 64 bits;
 * an IPv4-mapped IPv6 address counts as the IPv4 address it carries.
 */
export function clientKey(address: string): string {
  const ip = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(ip)) return ip;
  const [head = '', tail] = ip.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
