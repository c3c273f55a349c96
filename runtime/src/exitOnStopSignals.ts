/** For a tool that runs until stopped: on the first SIGINT or SIGTERM, stop(), then exit (1 if stop failed). */
export function exitOnStopSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (): void => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
