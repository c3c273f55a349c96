import { afterEach, describe, expect, it, vi } from 'vitest';
import { pilotAliveTimeoutMs, type CommandOutcome, type RelayedCommand } from '@dronecast/protocol';
import { createLogger } from '@dronecast/runtime';
import { refusal } from '../testing/refusal.ts';
import { DroneControl } from './DroneControl.ts';

/** Records what reaches the ground agent and answers like a drone that accepts everything. */
function recordingAgent(answer: CommandOutcome = { ok: true, message: 'done' }) {
  const received: RelayedCommand[] = [];
  return { received, channel: { id: 'agent-socket', send: async (c: RelayedCommand) => (received.push(c), answer) } };
}

let control: DroneControl;
const notices: string[] = [];

function newControl(): DroneControl {
  control = new DroneControl({
    droneId: 'drone1',
    logger: createLogger('test'),
    announceLease: () => undefined,
    announceAgent: () => undefined,
    announceFailsafe: (m) => notices.push(m),
    notifyAsked: (holder, by) => notices.push(`${by} asks ${holder}`),
  });
  return control;
}

afterEach(() => {
  control?.close();
  notices.length = 0;
  vi.useRealTimers();
});

describe('DroneControl', () => {
  it('relays a pilot command to the agent and returns the drone outcome', async () => {
    const agent = recordingAgent({ ok: false, reason: 'denied', message: 'PreArm: GPS', mavResult: 'MAV_RESULT_FAILED' });
    newControl().attachAgent(agent.channel);
    const outcome = await control.command({ peerId: 'p1', role: 'pilot' }, { type: 'arm' });
    expect(outcome).toMatchObject({ ok: false, reason: 'denied', mavResult: 'MAV_RESULT_FAILED' });
    expect(agent.received[0]).toMatchObject({ command: { type: 'arm' }, from: { peerId: 'p1', role: 'pilot', failsafe: false } });
  });

  it('refuses viewers and processing, and answers UNAVAILABLE without an agent', async () => {
    newControl();
    expect((await refusal(control.command({ peerId: 'v', role: 'viewer' }, { type: 'land' }))).code).toBe('FORBIDDEN');
    expect((await refusal(control.command({ peerId: 'x', role: 'processing' }, { type: 'land' }))).code).toBe('FORBIDDEN');
    expect((await refusal(control.command({ peerId: 'p', role: 'pilot' }, { type: 'land' }))).message).toMatch(/ground station is not connected/);
  });

  it('lets one pilot fly at a time; the other can ask', async () => {
    const agent = recordingAgent();
    newControl().attachAgent(agent.channel);
    await control.command({ peerId: 'p1', role: 'pilot' }, { type: 'arm' });
    expect((await refusal(control.command({ peerId: 'p2', role: 'pilot' }, { type: 'land' }))).code).toBe('INVALID_STATE');
    control.ask({ peerId: 'p2', role: 'pilot' });
    expect(notices).toContain('p2 asks p1');
    control.release({ peerId: 'p1', role: 'pilot' });
    await control.command({ peerId: 'p2', role: 'pilot' }, { type: 'land' });
    expect(agent.received.map((c) => c.from.peerId)).toEqual(['p1', 'p2']);
  });

  it('keeps choosing the drone connection for the console', async () => {
    newControl().attachAgent(recordingAgent().channel);
    expect((await refusal(control.command({ peerId: 'p', role: 'pilot' }, { type: 'disconnect' }))).code).toBe('FORBIDDEN');
    expect((await refusal(control.command({ peerId: 'p', role: 'pilot' }, { type: 'connect', connection: 'tcp:10.0.0.1:5760' }))).code).toBe('FORBIDDEN');
    expect((await control.command({ peerId: 'c', role: 'console' }, { type: 'disconnect' })).ok).toBe(true);
  });

  it('stops the drone at once when the pilot who set it moving disconnects', async () => {
    const agent = recordingAgent();
    newControl().attachAgent(agent.channel);
    await control.command({ peerId: 'p1', role: 'pilot' }, { type: 'go', direction: 'North' });
    control.peerGone('p1');
    await new Promise((r) => setTimeout(r, 10));
    expect(agent.received.at(-1)).toMatchObject({ command: { type: 'go', direction: 'Stop' }, from: { failsafe: true } });
    expect(control.holder).toBeNull();
    expect(notices[0]).toMatch(/Failsafe: the pilot disconnected/);
  });

  it('stops the drone when the moving pilot goes silent, and not while it keeps saying it is alive', async () => {
    // Simulated time: the watchdog's checks and the pilot's messages land exactly when the test says.
    vi.useFakeTimers();
    const agent = recordingAgent();
    newControl().attachAgent(agent.channel);
    await control.command({ peerId: 'p1', role: 'pilot' }, { type: 'go', direction: 'East' });
    for (let i = 0; i < 6; i++) {
      await vi.advanceTimersByTimeAsync(200);
      control.alive('p1');
    }
    expect(agent.received).toHaveLength(1);
    // Silent from now: not stopped while silent for just the timeout, stopped by the next check (every 100 ms).
    await vi.advanceTimersByTimeAsync(pilotAliveTimeoutMs);
    expect(agent.received).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(agent.received).toHaveLength(2);
    expect(agent.received[1]).toMatchObject({ command: { direction: 'Stop' }, from: { failsafe: true } });
    expect(notices).toEqual([expect.stringMatching(/^Failsafe: no word from the pilot for \d+ ms/)]);
  });

  it('does not interrupt a landing or RTL when the pilot leaves', async () => {
    vi.useFakeTimers();
    const agent = recordingAgent();
    newControl().attachAgent(agent.channel);
    await control.command({ peerId: 'p1', role: 'pilot' }, { type: 'go', direction: 'North' });
    await control.command({ peerId: 'p1', role: 'pilot' }, { type: 'rtl' });
    control.peerGone('p1');
    await vi.advanceTimersByTimeAsync(pilotAliveTimeoutMs + 200);
    expect(agent.received.map((c) => c.command.type)).toEqual(['go', 'rtl']);
  });
});
