import { spareEnvVariable, spareLoadedSchema, spareTakeOverSchema } from '@dronecast/protocol';

/**
 * For a process the launcher started as a spare (its modules are loaded by the time this runs):
 * tells the launcher so and waits until it is told to take over; a launcher that goes away ends
 * it. Returns at once for a process started normally.
 */
export async function waitIfSpare(): Promise<void> {
  const send = process.send?.bind(process);
  if (process.env[spareEnvVariable] !== '1' || !send) return;
  // Not inherited by what it starts (ffmpeg, workers): they are not spares.
  delete process.env[spareEnvVariable];
  await new Promise<void>((resolve) => {
    const onMessage = (message: unknown): void => {
      if (!spareTakeOverSchema.safeParse(message).success) return;
      process.off('message', onMessage);
      process.off('disconnect', onDisconnect);
      resolve();
    };
    const onDisconnect = (): void => process.exit(0);
    process.on('message', onMessage);
    process.once('disconnect', onDisconnect);
    send(spareLoadedSchema.parse({ type: 'spare:loaded' }));
  });
}
