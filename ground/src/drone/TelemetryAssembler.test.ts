import { common } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { TelemetryAssembler } from './TelemetryAssembler.ts';

describe('TelemetryAssembler', () => {
  it('takes roll and pitch from ATTITUDE, in degrees, for the artificial horizon', () => {
    const assembler = new TelemetryAssembler();
    expect(assembler.snapshot('flying', false, 0)).toMatchObject({ roll: 0, pitch: 0 });
    const attitude = new common.Attitude();
    attitude.roll = Math.PI / 18; // 10° right side down
    attitude.pitch = -Math.PI / 12; // 15° nose down, as when speeding up forward
    expect(assembler.apply(attitude)).toBe(false);
    const { roll, pitch } = assembler.snapshot('flying', false, 0);
    expect(roll).toBeCloseTo(10, 6);
    expect(pitch).toBeCloseTo(-15, 6);
  });
});
