import { common, minimal, uavionix } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { MavlinkDecoder, type MavlinkMessage } from './MavlinkDecoder.ts';
import { MavlinkEncoder } from './MavlinkEncoder.ts';

function decodeAll(chunks: Buffer[]): Promise<{ messages: MavlinkMessage[]; decoder: MavlinkDecoder }> {
  const decoder = new MavlinkDecoder();
  const messages: MavlinkMessage[] = [];
  decoder.on('message', (m) => messages.push(m));
  for (const chunk of chunks) decoder.push(chunk);
  // The node-mavlink parser is a stream pipeline: let it drain.
  return new Promise((resolve) => setImmediate(() => resolve({ messages, decoder })));
}

function heartbeat(): minimal.Heartbeat {
  const m = new minimal.Heartbeat();
  m.type = minimal.MavType.QUADROTOR;
  m.autopilot = minimal.MavAutopilot.ARDUPILOTMEGA;
  m.baseMode = minimal.MavModeFlag.CUSTOM_MODE_ENABLED | minimal.MavModeFlag.SAFETY_ARMED;
  m.customMode = 4;
  m.systemStatus = minimal.MavState.ACTIVE;
  m.mavlinkVersion = 3;
  return m;
}

function takeoff(): common.CommandLong {
  const m = new common.CommandLong();
  m.targetSystem = 1;
  m.targetComponent = 1;
  m.command = common.MavCmd.NAV_TAKEOFF;
  m._param7 = 5;
  return m;
}

describe('MAVLink codec', () => {
  it('round-trips messages as MAVLink 2 with the sender ids', async () => {
    const encoder = new MavlinkEncoder(1, 1);
    const text = new common.StatusText();
    text.severity = common.MavSeverity.CRITICAL;
    text.text = 'PreArm: Need 3D Fix';
    const bytes = [heartbeat(), takeoff(), text].map((m) => encoder.encode(m));
    expect(bytes.every((b) => b[0] === 0xfd)).toBe(true);

    const { messages } = await decodeAll(bytes);
    expect(messages.map((m) => [m.name, m.sysid, m.compid])).toEqual([
      ['HEARTBEAT', 1, 1],
      ['COMMAND_LONG', 1, 1],
      ['STATUSTEXT', 1, 1],
    ]);
    const [hb, cmd, st] = messages.map((m) => m.data);
    expect(hb).toBeInstanceOf(minimal.Heartbeat);
    expect(hb).toMatchObject({ customMode: 4, systemStatus: minimal.MavState.ACTIVE, mavlinkVersion: 3 });
    expect(cmd).toMatchObject({ command: common.MavCmd.NAV_TAKEOFF, _param7: 5, targetSystem: 1 });
    expect((st as common.StatusText).text).toBe('PreArm: Need 3D Fix');
  });

  it('numbers packets 0-255 and wraps, per encoder', async () => {
    const encoder = new MavlinkEncoder(255, 190);
    const bytes = Array.from({ length: 258 }, () => encoder.encode(heartbeat()));
    const { messages } = await decodeAll(bytes);
    expect(messages.map((m) => m.seq).slice(0, 3)).toEqual([0, 1, 2]);
    expect(messages.map((m) => m.seq).slice(254)).toEqual([254, 255, 0, 1]);
  });

  it('reassembles packets split anywhere, as serial ports deliver them', async () => {
    const encoder = new MavlinkEncoder(1, 1);
    const stream = Buffer.concat([heartbeat(), takeoff(), heartbeat()].map((m) => encoder.encode(m)));
    const oneByteAtATime = [...stream].map((b) => Buffer.from([b]));
    const { messages } = await decodeAll(oneByteAtATime);
    expect(messages.map((m) => m.name)).toEqual(['HEARTBEAT', 'COMMAND_LONG', 'HEARTBEAT']);
  });

  it('drops corrupt packets, counts them, and resynchronises on the next good one', async () => {
    const encoder = new MavlinkEncoder(1, 1);
    const corrupt = encoder.encode(takeoff());
    corrupt[12] = (corrupt[12] ?? 0) ^ 0xff;
    const noise = Buffer.from([0x00, 0x13, 0x37]);
    const { messages, decoder } = await decodeAll([noise, corrupt, encoder.encode(heartbeat())]);
    expect(messages.map((m) => m.name)).toEqual(['HEARTBEAT']);
    expect(decoder.crcErrors).toBe(1);
  });

  it('skips messages outside the ArduPilot registry', async () => {
    const encoder = new MavlinkEncoder(1, 1);
    // A uAvionix transponder message: valid MAVLink, but not in minimal/common/ardupilotmega.
    const foreign = new uavionix.UavionixAdsbOutCfg();
    foreign.callsign = 'DRONE1';
    const { messages, decoder } = await decodeAll([encoder.encode(foreign), encoder.encode(heartbeat())]);
    expect(messages.map((m) => m.name)).toEqual(['HEARTBEAT']);
    expect(decoder.skipped + decoder.unknownPackets).toBe(1);
  });
});
