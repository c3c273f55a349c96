// The Node runtime every dronecast process shares: the logger, flags and the configuration file.
// Node only; the browser-safe wire contract is @dronecast/protocol.
export * from './logger.ts';
export * from './usageError.ts';
export * from './cli.ts';
export * from './config/configFile.ts';
export * from './config/envFlagName.ts';
export * from './flags/flagSchemas.ts';
export * from './flags/sfuClientFlags.ts';
export * from './flags/mqttBrokerFlags.ts';
export * from './flags/nodeFlagSources.ts';
export * from './network/firstLanIpv4.ts';
export * from './repoRoot.ts';
export * from './network/freePort.ts';
export * from './waitIfSpare.ts';
export * from './processAlive.ts';
export * from './exitOnStopSignals.ts';
export * from './limits/RateLimiter.ts';
