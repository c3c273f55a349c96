// What other packages may use of turn/: the URLs it serves, and a TURN Allocate to probe a
// running coturn with a credential (tests check that the SFU's credentials open it).
// `npm run turn` (src/main.ts) is started as a process, not imported.
export { parseTurnConfig, turnUrls, turnUsage, type TurnConfig } from './TurnConfig.ts';
export { coturnInstallHint } from './CoturnProcess.ts';
export { tryTurnAllocate, type AllocateOutcome } from './stun/turnAllocate.ts';
