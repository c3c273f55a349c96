import type { MavLinkData } from 'node-mavlink';
import type { Target } from '../gcsMessages.ts';

/**
 * Whom a message is addressed to, for routing (mavlink.io, "Routing"): its target system and
 * component (0 when the message names only a system, or addresses every component), or undefined
 * for a broadcast (no target field, or target system 0).
 */
export function targetOf(data: MavLinkData): Target | undefined {
  const { targetSystem, targetComponent } = data as { targetSystem?: unknown; targetComponent?: unknown };
  if (typeof targetSystem !== 'number' || targetSystem === 0) return undefined;
  return { system: targetSystem, component: typeof targetComponent === 'number' ? targetComponent : 0 };
}

/** Whether a message for `target` is for `address` (a target component 0 means every component of the system). */
export function addressedTo(target: Target, address: Target): boolean {
  return target.system === address.system && (target.component === 0 || target.component === address.component);
}
