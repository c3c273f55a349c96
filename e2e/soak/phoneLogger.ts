import type { Logger } from '@dronecast/protocol';

/**
 * The logger handed to a Node phone's SignalingLink and WebRtcSubscriber: their debug and info
 * lines would drown the soak's output; warnings and errors go to `onWarning` (the soak keeps
 * them: a subscriber that keeps rebuilding is worth seeing).
 */
export function phoneLogger(component: string, onWarning: (line: string) => void): Logger {
  const warn = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    onWarning(`${component} ${level}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return {
    debug: () => {},
    info: () => {},
    warn: warn('warn'),
    error: warn('error'),
    child: (name) => phoneLogger(`${component}/${name}`, onWarning),
  };
}
