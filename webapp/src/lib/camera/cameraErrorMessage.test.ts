import { describe, expect, it } from 'vitest';
import { cameraErrorMessage } from './cameraErrorMessage.ts';

const named = (name: string): Error => Object.assign(new Error('x'), { name });

describe('cameraErrorMessage', () => {
  it('says what to do for each getUserMedia failure', () => {
    expect(cameraErrorMessage(named('NotAllowedError'))).toMatch(/Allow the camera/);
    expect(cameraErrorMessage(named('NotFoundError'))).toMatch(/No usable camera/);
    expect(cameraErrorMessage(named('NotReadableError'))).toMatch(/busy/);
    expect(cameraErrorMessage(named('InsecureContext'))).toMatch(/https:\/\//);
    expect(cameraErrorMessage(new TypeError('odd'))).toMatch(/could not start: odd/);
  });
});
