import type { IceServer } from '@dronecast/protocol';
import { turnRestCredential } from './turnRestCredential.ts';

export interface TurnIceServersOptions {
  urls: string[];
  secret: string;
  ttlSeconds: number;
  now?: () => number;
}

/** The ICE servers each client gets with every transport: the TURN URLs with a credential minted for it. */
export class TurnIceServers {
  private readonly now: () => number;

  constructor(private readonly options: TurnIceServersOptions) {
    this.now = options.now ?? Date.now;
  }

  get urls(): readonly string[] {
    return this.options.urls;
  }

  /**
   * Minted per call, so a transport created an hour into a session gets a credential that is still
   * good. `holder` (see turnQuotaHolder) is who coturn's per-user quota counts it against.
   */
  forHolder(holder: string): IceServer[] {
    const { username, credential } = turnRestCredential(this.options.secret, holder, this.now(), this.options.ttlSeconds);
    return [{ urls: [...this.options.urls], username, credential }];
  }
}
