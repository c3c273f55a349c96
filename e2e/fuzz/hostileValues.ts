import type { Random } from '../support/Random.ts';

/** Keys that reach Object.prototype or shadow its methods when a server copies objects carelessly. */
export const prototypeKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'toJSON', 'then'] as const;

/** Strings that have broken parsers, path handling and logs elsewhere. */
const hostileStrings = [
  '',
  ' ',
  '\u0000',
  '\r\n\r\nHTTP/1.1 200 OK',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  '${jndi:ldap://127.0.0.1/x}',
  '<script>alert(1)</script>',
  "'; DROP TABLE items; --",
  '\ud800',
  '🚁'.repeat(50),
  'NaN',
  '-1',
  '1e309',
  'true',
  'null',
  '{"ok":true}',
  '__proto__',
  'constructor',
] as const;

/**
 * An object with an own property of this name, whatever the name ("__proto__" in a literal would
 * set the prototype instead, and JSON would never carry it).
 */
export function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return target;
}

/** Nested arrays or objects, `depth` deep: for recursive validators and serializers. */
export function deeplyNested(depth: number, asArray: boolean): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

/**
 * One value a request should never carry. Sizes stay below socket.io's 1 MB message limit
 * (past it the server drops the connection by design); some exceed the contract's 64 KB limit.
 */
export function hostileValue(random: Random): unknown {
  switch (random.int(0, 17)) {
    case 0:
      return null;
    case 1:
      return random.pick([NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER + 2, -1, 0, 1.5, 2 ** 31, -(2 ** 53)]);
    case 2:
      return random.pick([true, false]);
    case 3:
      return random.pick(hostileStrings);
    case 4:
      // Past the contract's 64 KB limit: PAYLOAD_TOO_LARGE expected.
      return 'x'.repeat(random.int(65_000, 300_000));
    case 5:
      return random.text(random.int(1, 300));
    case 6:
      return random.text(random.int(1, 40), '\u0000\u0001\u001f\u007f\u200b\u202e\ufeff\ufffd\u00e9\u4e2d');
    case 7:
      return [];
    case 8:
      return {};
    case 9:
      return random.bytes(random.int(0, 2048));
    case 10:
      return deeplyNested(random.int(50, 3000), random.chance(0.5));
    case 11:
      return Array.from({ length: random.int(100, 20_000) }, (_, i) => i);
    case 12:
      return withOwnKey({}, random.pick(prototypeKeys), { polluted: true, role: 'console', isAdmin: true });
    case 13:
      return Object.fromEntries(Array.from({ length: random.int(100, 3000) }, (_, i) => [`k${i}`, i]));
    case 14:
      return [random.text(5), random.int(-5, 5), null];
    case 15:
      return random.int(-1_000_000, 1_000_000);
    case 16:
      return random.next() * 1e6 - 5e5;
    default:
      return { type: random.pick(['arm', 'connect', 'Buffer', 'video']), data: [1, 2, 3] };
  }
}
