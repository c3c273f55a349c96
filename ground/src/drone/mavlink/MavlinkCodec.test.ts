import { common, minimal, MavLinkProtocolV1, uavionix } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { MavlinkDecoder, maxPacketBytes, type MavlinkMessage } from './MavlinkDecoder.ts';
import type { MavlinkFrame } from './MavlinkFrame.ts';
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

describe('MAVLink frames', () => {
  it('hands out every checked packet as the exact bytes that came, MAVLink 1 and unknown messages included', async () => {
    const encoder = new MavlinkEncoder(1, 1);
    const v2 = encoder.encode(heartbeat());
    const foreign = encoder.encode(Object.assign(new uavionix.UavionixAdsbOutCfg(), { callsign: 'DRONE1' }));
    const v1 = new MavLinkProtocolV1(255, 190).serialize(heartbeat(), 7);
    const decoder = new MavlinkDecoder();
    const frames: MavlinkFrame[] = [];
    decoder.on('frame', (f) => frames.push(f));
    decoder.push(Buffer.concat([v2, foreign, v1]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(frames.map((f) => [f.version, f.sysid, f.compid, f.msgid])).toEqual([
      [2, 1, 1, 0],
      [2, 1, 1, uavionix.UavionixAdsbOutCfg.MSG_ID],
      [1, 255, 190, 0],
    ]);
    expect(frames.map((f) => f.bytes)).toEqual([v2, foreign, v1]);
    expect(frames[0]!.message?.data).toBeInstanceOf(minimal.Heartbeat);
    expect(frames[1]!.message).toBeUndefined();
    expect(frames[2]!.message).toBeUndefined();
  });

  it('holds at most one packet of bytes, however much garbage comes (node-mavlink alone keeps it all)', async () => {
    const decoder = new MavlinkDecoder();
    const messages: string[] = [];
    decoder.on('message', (m) => messages.push(m.name));
    const noStartByte = Buffer.alloc(64 * 1024, 0x41);
    for (let i = 0; i < 64; i++) {
      decoder.push(noStartByte);
      expect(decoder.bufferedBytes).toBeLessThanOrEqual(maxPacketBytes);
    }
    expect(decoder.discardedBytes).toBe(64 * 64 * 1024);
    // Random noise with start bytes in it, then a packet split across two chunks.
    const noise = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919 + (i >> 3)) & 0xff));
    decoder.push(noise);
    expect(decoder.bufferedBytes).toBeLessThanOrEqual(maxPacketBytes);
    const packet = new MavlinkEncoder(1, 1).encode(takeoff());
    decoder.push(Buffer.concat([Buffer.alloc(maxPacketBytes), packet.subarray(0, 5)]));
    decoder.push(packet.subarray(5));
    await new Promise((resolve) => setImmediate(resolve));
    expect(messages).toEqual(['COMMAND_LONG']);
  });
});
