import { hostileValue, prototypeKeys, withOwnKey } from './hostileValues.ts';
import type { Random } from '../support/Random.ts';

type Path = (string | number)[];

/** Every place in a JSON-like value where a mutation can go (the root included), at most 6 deep. */
function placesIn(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (path.length >= 6) return out;
  if (Array.isArray(value)) value.forEach((item, i) => placesIn(item, [...path, i], out));
  else if (isPlainObject(value)) for (const [key, item] of Object.entries(value)) placesIn(item, [...path, key], out);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) withOwnKey(out, key, clone(item));
    return out;
  }
  return value;
}

/** A value near this one that a validator must still refuse or handle: off by one, out of range, another type. */
function nearby(value: unknown, random: Random): unknown {
  if (typeof value === 'number') {
    return random.pick([value + 1, value - 1, -value, value * 1e6, value + 0.5, value / 3, 1e21, -1e21, String(value)]);
  }
  if (typeof value === 'string') {
    return random.pick([
      value.toUpperCase(),
      `${value} `,
      value.slice(0, -1),
      value + value,
      // Long, but kept under socket.io's 1 MB message limit when the value is already long.
      value.length < 1000 ? value.repeat(random.int(2, 400)) : value + value,
      value.replace(/./, '\u0000'),
      [value],
      { value },
      value.length ? Number(value) : 0,
    ]);
  }
  if (typeof value === 'boolean') return random.pick([!value, value ? 1 : 0, String(value)]);
  if (Array.isArray(value)) return random.pick([[], [...value, ...value, ...value], Array(200).fill(value[0] ?? null), value[0]]);
  if (isPlainObject(value)) return random.pick([[value], Object.values(value), JSON.stringify(value)]);
  return hostileValue(random);
}

function mutateOnce(root: unknown, random: Random): unknown {
  const path = random.pick(placesIn(root));
  if (path.length === 0) {
    return random.chance(0.5) ? nearby(root, random) : hostileValue(random);
  }
  const parentPath = path.slice(0, -1);
  const key = path.at(-1) as string | number;
  let parent: unknown = root;
  for (const step of parentPath) parent = (parent as Record<string | number, unknown>)[step];
  const container = parent as Record<string | number, unknown>;
  switch (random.int(0, 4)) {
    case 0:
      container[key] = hostileValue(random);
      break;
    case 1:
      container[key] = nearby(container[key], random);
      break;
    case 2:
      // A missing key (or an array one item shorter).
      if (Array.isArray(container)) container.splice(Number(key), 1);
      else delete container[key];
      break;
    case 3:
      if (Array.isArray(container)) container.push(hostileValue(random));
      else withOwnKey(container, random.pick([...prototypeKeys, random.text(random.int(1, 12)), 'extra']), hostileValue(random));
      break;
    default:
      container[key] = [container[key]];
  }
  return root;
}

/** A copy of a valid value with one to three mutations: wrong types, bounds, missing or extra keys, hostile values. */
export function mutateValue(valid: unknown, random: Random): unknown {
  let value = clone(valid);
  const count = random.int(1, 3);
  for (let i = 0; i < count; i++) value = mutateOnce(value, random);
  return value;
}

/** A case's input as a reader can replay it: long strings, buffers and big arrays summarized. */
export function describeInput(value: unknown, maxChars = 1500): string {
  let text: string;
  try {
    text = JSON.stringify(value, function (key, item: unknown) {
      const raw = (this as Record<string, unknown>)[key];
      if (Buffer.isBuffer(raw)) return `<Buffer ${raw.length} bytes: ${raw.subarray(0, 24).toString('hex')}…>`;
      if (typeof item === 'string' && item.length > 120) return `${item.slice(0, 40)}…<string of ${item.length} chars>`;
      if (typeof item === 'number' && !Number.isFinite(item)) return `<${String(item)}>`;
      if (Array.isArray(item) && item.length > 20) return [...item.slice(0, 5), `…<array of ${item.length}>`];
      return item;
    }) ?? String(value);
  } catch (error) {
    text = `<not printable: ${(error as Error).message}>`;
  }
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}
