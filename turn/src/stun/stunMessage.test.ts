import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decodeStun,
  encodeStun,
  errorCodeOf,
  isResponseTo,
  longTermKey,
  newStunMessage,
  stunAttribute,
  stunMethod,
  textAttribute,
  udpTransportAttribute,
  xorAddressOf,
} from './stunMessage.ts';

describe('STUN messages', () => {
  it('encodes the header and padded attributes, and decodes them back', () => {
    const message = newStunMessage(stunMethod.allocate, [udpTransportAttribute(), textAttribute(stunAttribute.username, 'abcde')]);
    const packet = encodeStun(message);
    expect(packet.readUInt16BE(0)).toBe(0x0003);
    expect(packet.readUInt16BE(2)).toBe(8 + 12); // 4+4, then 4+5 padded to 4+8
    expect(packet.readUInt32BE(4)).toBe(0x2112a442);
    expect(packet).toHaveLength(20 + 20);
    const decoded = decodeStun(packet);
    expect(decoded?.transactionId.equals(message.transactionId)).toBe(true);
    expect(decoded?.attributes.map((a) => [a.type, a.value.toString('hex')])).toEqual([
      [0x0019, '11000000'],
      [0x0006, Buffer.from('abcde').toString('hex')],
    ]);
    expect(decodeStun(Buffer.from('not stun at all, just bytes'))).toBeUndefined();
  });

  it('signs with MESSAGE-INTEGRITY over the message with its length already counting the integrity attribute', () => {
    const key = longTermKey('user', 'dronecast', 'pass');
    const packet = encodeStun(newStunMessage(stunMethod.allocate, [udpTransportAttribute()]), key);
    expect(packet).toHaveLength(20 + 8 + 24);
    expect(packet.readUInt16BE(2)).toBe(8 + 24);
    expect(packet.readUInt16BE(28)).toBe(0x0008);
    const expected = createHmac('sha1', key).update(packet.subarray(0, 28)).digest();
    expect(packet.subarray(32).equals(expected)).toBe(true);
  });

  it('reads XOR-MAPPED-ADDRESS as in RFC 5769 2.2 (192.0.2.1:32853) and an ERROR-CODE', () => {
    const response = newStunMessage(0x0101, [
      { type: stunAttribute.xorMappedAddress, value: Buffer.from('0001a147e112a643', 'hex') },
      { type: stunAttribute.errorCode, value: Buffer.concat([Buffer.from([0, 0, 4, 1]), Buffer.from('Unauthorized')]) },
    ]);
    const decoded = decodeStun(encodeStun(response));
    if (!decoded) throw new Error('did not decode');
    expect(xorAddressOf(decoded, stunAttribute.xorMappedAddress)).toEqual({ address: '192.0.2.1', port: 32853 });
    expect(errorCodeOf(decoded)).toEqual({ code: 401, reason: 'Unauthorized' });
  });

  it('matches a response to its request by transaction and method', () => {
    const request = newStunMessage(stunMethod.allocate);
    expect(isResponseTo({ ...request, type: 0x0113 }, request)).toBe(true);
    expect(isResponseTo({ ...request, type: 0x0103 }, request)).toBe(true);
    expect(isResponseTo({ ...request, type: 0x0101 }, request)).toBe(false);
    expect(isResponseTo(newStunMessage(stunMethod.allocate), request)).toBe(false);
  });
});
