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
    userQuota: String(settings.userQuota),
    totalQuota: String(settings.totalQuota),
    maxBps: String(settings.maxBps),
    stateDir: settings.stateDir,
  };
  for (const [name, value] of Object.entries(values)) {
    if (/[\r\n]/.test(value)) throw new Error(`coturn config: ${name} must be one line`);
  }
  const text = template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`coturn config template: unknown placeholder {{${name}}}`);
    return value;
  });
  // Without a relay address coturn picks one per interface; an empty "relay-ip=" would be an error.
  return text.replace(/^relay-ip=$/m, '# relay-ip: chosen by coturn');
}
