/**
 * The one logger's shape. Node processes get it from @dronecast/runtime's createLogger (pino, on
 * stderr); the contract holds only the interface, so code shared with the browser can take a
 * Logger without pulling in pino.
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(component: string): Logger;
}
