import https from 'node:https';
import path from 'node:path';
import { mqttTopics, type CommandOutcome } from '@dronecast/protocol';
import { processAlive } from '@dronecast/runtime';
import { connectMqttViewer } from '../support/mqttClient.ts';
import { connectClient, type TestClient } from '../support/signalingClient.ts';
import { sleep } from './Fuzzer.ts';
import type { FuzzStack } from './FuzzStack.ts';


/** The console's command answered ok; the fuzz may have left the drone disconnected or flying, so it is connected again first if need be. */
async function consoleCommandOk(consoleClient: TestClient): Promise<string | undefined> {
  let last = '';
  for (let attempt = 0; attempt < 40; attempt++) {
    const reply = await consoleClient.send('drone:command', { command: { type: 'setSpeed', metersPerSecond: 5 } });
    if (reply.ok && (reply.data as CommandOutcome).ok) return undefined;
    last = JSON.stringify(reply).slice(0, 300);
    if (reply.ok && !(reply.data as CommandOutcome).ok && (reply.data as { reason?: string }).reason === 'link-down') {
      await consoleClient.send('drone:command', { command: { type: 'connect' } });
    }
    await sleep(500);
  }
  return `the console's drone:command is not ok after the fuzz: ${last}`;
}

function galleryListOverHttp(stack: FuzzStack): Promise<number> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: '127.0.0.1', port: stack.target.port, path: `/gallery?token=${encodeURIComponent(stack.target.tokens.viewer)}`, ca: stack.target.ca }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

/**
 * After the fuzz: the same SFU process still serves people as before. Returns what does not
 * work (empty when everything does).
 */
export async function stackStillServes(stack: FuzzStack): Promise<string[]> {
  const problems: string[] = [];
  if (!processAlive(stack.sfuPid) || stack.loopback.stack.sfu.pid !== stack.sfuPid) problems.push(`the SFU process ${stack.sfuPid} is gone`);
  const certs = path.join(stack.loopback.dir, 'certs');
  const { tokens } = stack.target;
  const clients: TestClient[] = [];
  try {
    const consoleClient = await connectClient(stack.target.origin, tokens.console, certs);
    clients.push(consoleClient);
    const commandProblem = await consoleCommandOk(consoleClient);
    if (commandProblem) problems.push(commandProblem);

    const pilot = await connectClient(stack.target.origin, tokens.pilot, certs);
    clients.push(pilot);
    const list = await pilot.send('gallery:list', {});
    if (!list.ok) problems.push(`a pilot's gallery:list is refused: ${JSON.stringify(list)}`);
    const clock = await pilot.send('clock:sync', { clientTime: Date.now() });
    if (!clock.ok) problems.push(`a pilot's clock:sync is refused: ${JSON.stringify(clock)}`);

    // Prototype-pollution payloads must not have given anyone the console's powers.
    const viewer = await connectClient(stack.target.origin, tokens.viewer, certs);
    clients.push(viewer);
    const links = await viewer.send('links:list', {});
    if (links.ok || links.error.code !== 'FORBIDDEN') problems.push(`a viewer's links:list is not FORBIDDEN: ${JSON.stringify(links).slice(0, 200)}`);

    const status = await galleryListOverHttp(stack);
    if (status !== 200) problems.push(`GET /gallery answers ${status}`);

    const mqtt = await connectMqttViewer(stack.loopback, tokens.viewer);
    try {
      const granted = await mqtt.subscribeAsync(mqttTopics.telemetry(stack.target.droneId));
      if (granted.some((g) => g.qos === 128)) problems.push('the MQTT broker refuses a viewer the telemetry');
    } finally {
      await mqtt.endAsync();
    }
  } catch (error) {
    problems.push(`the stack does not serve after the fuzz: ${(error as Error).message}`);
  } finally {
    for (const client of clients) client.close();
  }
  return problems;
}
