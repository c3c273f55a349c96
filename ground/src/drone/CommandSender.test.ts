import { common } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CommandSender } from './CommandSender.ts';

const target = { system: 1, component: 1 };

const own = { system: 255, component: 25 };

function ack(command: number, result: common.MavResult, targetSystem = 255, targetComponent = 25): common.CommandAck {
  const m = new common.CommandAck();
  Object.assign(m, { command, result, targetSystem, targetComponent });
  return m;
}

describe('CommandSender', () => {
  let sent: common.CommandLong[];
  let sender: CommandSender;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    sender = new CommandSender({ send: (m: MavLinkData) => sent.push(m as common.CommandLong), own, timeoutMs: 1000 });
  });
  afterEach(() => vi.useRealTimers());

  it('resolves with the result of the COMMAND_ACK naming the command', async () => {
    const reply = sender.send(target, common.MavCmd.NAV_TAKEOFF, [0, 0, 0, 0, 0, 0, 5]);
    expect(sent[0]).toMatchObject({ command: common.MavCmd.NAV_TAKEOFF, _param7: 5, confirmation: 0, targetSystem: 1 });
    sender.handleAck(ack(common.MavCmd.COMPONENT_ARM_DISARM, common.MavResult.ACCEPTED)); // another command's
    sender.handleAck(ack(common.MavCmd.NAV_TAKEOFF, common.MavResult.FAILED, 7)); // another ground station's
    sender.handleAck(ack(common.MavCmd.NAV_TAKEOFF, common.MavResult.DENIED));
    await expect(reply).resolves.toEqual({ status: 'ack', result: common.MavResult.DENIED });
  });

  it('resends once with confirmation 1, then gives up', async () => {
    const reply = sender.send(target, common.MavCmd.COMPONENT_ARM_DISARM, [1]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.map((m) => m.confirmation)).toEqual([0, 1]);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(reply).resolves.toEqual({ status: 'timeout' });
    expect(sent).toHaveLength(2);
  });

  it('leaves alone the ACKs for a ground station sharing our system id (QGroundControl is 255/190), and takes those without a target', async () => {
    const reply = sender.send(target, common.MavCmd.COMPONENT_ARM_DISARM, [1]);
    sender.handleAck(ack(common.MavCmd.COMPONENT_ARM_DISARM, common.MavResult.DENIED, 255, 190));
    sender.handleAck(ack(common.MavCmd.COMPONENT_ARM_DISARM, common.MavResult.DENIED, 254, 25));
    await vi.advanceTimersByTimeAsync(10);
    expect(sent).toHaveLength(1);
    sender.handleAck(ack(common.MavCmd.COMPONENT_ARM_DISARM, common.MavResult.ACCEPTED, 255, 25));
    await expect(reply).resolves.toEqual({ status: 'ack', result: common.MavResult.ACCEPTED });
    // An old autopilot that fills in no target answers whoever asked.
    const old = sender.send(target, common.MavCmd.NAV_LAND, []);
    sender.handleAck(ack(common.MavCmd.NAV_LAND, common.MavResult.ACCEPTED, 0, 0));
    await expect(old).resolves.toMatchObject({ status: 'ack' });
  });

  it('keeps waiting while the vehicle says IN_PROGRESS', async () => {
    const reply = sender.send(target, common.MavCmd.NAV_TAKEOFF, []);
    await vi.advanceTimersByTimeAsync(900);
    sender.handleAck(ack(common.MavCmd.NAV_TAKEOFF, common.MavResult.IN_PROGRESS));
    await vi.advanceTimersByTimeAsync(900);
    expect(sent).toHaveLength(1);
    sender.handleAck(ack(common.MavCmd.NAV_TAKEOFF, common.MavResult.ACCEPTED));
    await expect(reply).resolves.toEqual({ status: 'ack', result: common.MavResult.ACCEPTED });
  });

  it('matches ACKs for the same command oldest first, and ends everything when the link drops', async () => {
    const first = sender.send(target, common.MavCmd.SET_MESSAGE_INTERVAL, [33, 250_000]);
    const second = sender.send(target, common.MavCmd.SET_MESSAGE_INTERVAL, [74, 250_000]);
    sender.handleAck(ack(common.MavCmd.SET_MESSAGE_INTERVAL, common.MavResult.ACCEPTED));
    await expect(first).resolves.toMatchObject({ status: 'ack' });
    sender.cancelAll();
    await expect(second).resolves.toEqual({ status: 'link-down' });
  });
});
