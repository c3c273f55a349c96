import type { LoopbackStack } from '@dronecast/launcher';

/** The ground agent starts after the SFU says it is ready: waits until its console server answers. */
export async function waitForConsoleServer(stack: LoopbackStack): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (await fetch(stack.consoleUrl).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the console server at ${stack.consoleUrl} never answered\n${await stack.logs()}`);
}
