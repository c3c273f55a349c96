/** The environment variable for a flag: --rtc-port is DRONECAST_RTC_PORT, --token is DRONECAST_TOKEN. */
export function envFlagName(flag: string): string {
  return `DRONECAST_${flag.toUpperCase().replace(/-/g, '_')}`;
}

/** Where the configuration file is named when there is no --config flag. */
export const configFileEnvName = envFlagName('config');
