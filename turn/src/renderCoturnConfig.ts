import type { TurnConfig } from './TurnConfig.ts';

export type CoturnSettings = Omit<TurnConfig, 'help' | 'turnserver' | 'publicHost'> & { secret: string };

/**
 * Fills turn/turnserver.conf.template. Every {{name}} must get a value and every value must be a
 * single line: a newline in, say, a realm would smuggle another directive into coturn's config.
 */
export function renderCoturnConfig(template: string, settings: CoturnSettings): string {
  const values: Record<string, string> = {
    listenIp: settings.listenIp,
    port: String(settings.port),
    relayIp: settings.relayIp ?? '',
    externalIp: settings.externalIp ? `external-ip=${settings.externalIp}` : '# no external-ip: coturn is reached at its own address',
    minPort: String(settings.minPort),
    maxPort: String(settings.maxPort),
    secret: settings.secret,
    realm: settings.realm,
    loopbackPeers: settings.allowLoopbackPeers
      ? 'allow-loopback-peers'
      : '# loopback peers refused (coturn default): a credential cannot reach services on this host',
    tcpRelay: settings.tcpRelay ? '# TCP relays to peers allowed (--tcp-relay)' : 'no-tcp-relay',
    userQuota: String(settings.userQuota),
    totalQuota: String(settings.totalQuota),
    maxBps: String(settings.maxBps),
    stateDir: settings.stateDir,
  };
  for (const [name, value] of Object.entries(values)) {
    if (/[\r\n]/.test(value)) throw new Error(`coturn config: ${name} must be one line`);
  }
  // Several directives, each built from validated addresses: the one value that spans lines.
  const filled: Record<string, string> = { ...values, peerRules: peerRules(settings.sfuIps, settings.allowLoopbackPeers) };
  const text = template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = filled[name];
    if (value === undefined) throw new Error(`coturn config template: unknown placeholder {{${name}}}`);
    return value;
  });
  // Without a relay address coturn picks one per interface; an empty "relay-ip=" would be an error.
  return text.replace(/^relay-ip=$/m, '# relay-ip: chosen by coturn');
}

/**
 * Private and special-purpose ranges (RFC 1918, carrier NAT, link-local, multicast and reserved,
 * IPv6 unique-local, link-local and multicast, IPv4-mapped): a credential, which every link holder gets, must not relay into the
 * LAN (say, to the drone's MAVLink port). The SFU is the one private peer allowed.
 */
const privateRanges = [
  '0.0.0.0-0.255.255.255',
  '10.0.0.0-10.255.255.255',
  '100.64.0.0-100.127.255.255',
  '169.254.0.0-169.254.255.255',
  '172.16.0.0-172.31.255.255',
  '192.0.0.0-192.0.0.255',
  '192.168.0.0-192.168.255.255',
  '198.18.0.0-198.19.255.255',
  '224.0.0.0-255.255.255.255',
  'ff00::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  'fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  'fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  '::ffff:0.0.0.0-::ffff:255.255.255.255',
];

function peerRules(sfuIps: string[], loopbackAllowed: boolean): string {
  // With loopback allowed (tests on one machine), loopback is private too: only the SFU's address.
  const denied = loopbackAllowed ? [...privateRanges, '127.0.0.0-127.255.255.255'] : privateRanges;
  return [...denied.map((range) => `denied-peer-ip=${range}`), ...sfuIps.map((ip) => `allowed-peer-ip=${ip}`)].join('\n');
}
