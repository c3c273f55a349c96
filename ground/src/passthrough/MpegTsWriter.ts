import { NalType, nalUnitType } from './H264NalUnit.ts';

const packetSize = 188;
const patPid = 0x0000;
const pmtPid = 0x1000;
const videoPid = 0x0100;
const h264StreamType = 0x1b;
const ptsModulo = 2 ** 33;
/** The PCR runs this far ahead of the decode times: the decoder's buffer delay (0.5 s at 90 kHz). */
const pcrLead = 45_000;
const accessUnitDelimiter = Uint8Array.of(NalType.accessUnitDelimiter, 0xf0);

/**
 * A minimal MPEG transport stream writer for one H.264 video stream (ISO 13818-1): each access
 * unit becomes one PES packet with its presentation time, so ffmpeg can stream-copy it into MP4
 * with the camera's own timestamps. Why TS: its clock is 90 kHz, the RTP clock of H.264, so the
 * timestamps pass through exactly; it carries Annex B as the camera sent it (SPS/PPS in band,
 * changes included); and it is a stream format, read from a pipe with nothing to seek back to.
 * No B-frames come from cameras that pass the stream check, so the decode time is the presentation time.
 */
export class MpegTsWriter {
  private readonly continuity = new Map<number, number>();

  /** PAT and PMT: written before each keyframe, so a reader can start at any of them. */
  tables(): Uint8Array {
    const pat = section(0x00, 0x0001, [0x00, 0x01, 0xe0 | (pmtPid >> 8), pmtPid & 0xff]);
    const pmt = section(0x02, 0x0001, [
      0xe0 | (videoPid >> 8), videoPid & 0xff, // PCR_PID
      0xf0, 0x00, // program_info_length 0
      h264StreamType, 0xe0 | (videoPid >> 8), videoPid & 0xff, 0xf0, 0x00,
    ]);
    return concat([this.tablePacket(patPid, pat), this.tablePacket(pmtPid, pmt)]);
  }

  /**
   * One access unit as TS packets: `pts90k` is its presentation time at 90 kHz (taken modulo
   * 2^33). Access unit delimiters are replaced by one at the start, as H.264 in TS requires.
   */
  accessUnit(nalUnits: readonly Uint8Array[], pts90k: number, keyframe: boolean): Uint8Array {
    const pts = ((pts90k % ptsModulo) + ptsModulo) % ptsModulo;
    const nals = [accessUnitDelimiter, ...nalUnits.filter((nal) => nalUnitType(nal) !== NalType.accessUnitDelimiter)];
    let esSize = 0;
    for (const nal of nals) esSize += 4 + nal.length;
    const pes = new Uint8Array(14 + esSize);
    // PES header: start code, stream id (video 0), length 0 (unbounded, allowed for video), PTS only.
    pes.set([0x00, 0x00, 0x01, 0xe0, 0x00, 0x00, 0x80, 0x80, 0x05], 0);
    writeTimestamp(pes, 9, 0x2, pts);
    let offset = 14;
    for (const nal of nals) {
      pes.set([0, 0, 0, 1], offset);
      pes.set(nal, offset + 4);
      offset += 4 + nal.length;
    }
    const pcr = (pts - pcrLead + ptsModulo) % ptsModulo;
    return this.packetize(videoPid, pes, { pcr, randomAccess: keyframe });
  }

  private tablePacket(pid: number, table: Uint8Array): Uint8Array {
    // pointer_field 0, then the section; one packet is plenty for PAT and PMT.
    return this.packetize(pid, concat([Uint8Array.of(0), table]), {});
  }

  /** Splits a payload into 188-byte packets; the first may carry PCR and random access, the last is stuffed. */
  private packetize(pid: number, payload: Uint8Array, first: { pcr?: number; randomAccess?: boolean }): Uint8Array {
    const packets: Uint8Array[] = [];
    let offset = 0;
    while (offset < payload.length) {
      const packet = new Uint8Array(packetSize);
      const counter = this.continuity.get(pid) ?? 0;
      this.continuity.set(pid, (counter + 1) & 0x0f);
      const fields = offset === 0 ? adaptationFields(first) : new Uint8Array(0);
      const remaining = payload.length - offset;
      // Adaptation field bytes, its length byte included: the fields, then stuffing to fill the packet.
      let adaptation = fields.length > 0 ? 1 + fields.length : 0;
      adaptation += Math.max(0, packetSize - 4 - adaptation - remaining);
      packet[0] = 0x47;
      packet[1] = (offset === 0 ? 0x40 : 0) | (pid >> 8);
      packet[2] = pid & 0xff;
      packet[3] = (adaptation > 0 ? 0x30 : 0x10) | counter;
      if (adaptation > 0) {
        packet[4] = adaptation - 1;
        // A stuffing-only field of 2 or more bytes still has its flags byte (all clear).
        if (adaptation > 1) {
          packet.set(fields.length > 0 ? fields : [0x00], 5);
          packet.fill(0xff, 5 + Math.max(1, fields.length), 4 + adaptation);
        }
      }
      const take = packetSize - 4 - adaptation;
      packet.set(payload.subarray(offset, offset + take), 4 + adaptation);
      offset += take;
      packets.push(packet);
    }
    return concat(packets);
  }
}

/** The adaptation field after its length byte: flags, then the PCR when given. */
function adaptationFields({ pcr, randomAccess }: { pcr?: number; randomAccess?: boolean }): Uint8Array {
  if (pcr === undefined && !randomAccess) return new Uint8Array(0);
  const fields = new Uint8Array(pcr === undefined ? 1 : 7);
  fields[0] = (randomAccess ? 0x40 : 0) | (pcr === undefined ? 0 : 0x10);
  if (pcr !== undefined) {
    // program_clock_reference_base (33 bits), 6 reserved bits, extension 0.
    fields[1] = Math.floor(pcr / 2 ** 25) & 0xff;
    fields[2] = Math.floor(pcr / 2 ** 17) & 0xff;
    fields[3] = Math.floor(pcr / 2 ** 9) & 0xff;
    fields[4] = Math.floor(pcr / 2 ** 1) & 0xff;
    fields[5] = ((pcr % 2) << 7) | 0x7e;
    fields[6] = 0x00;
  }
  return fields;
}

/** A 33-bit timestamp in the PES header's 5-byte layout with marker bits. */
function writeTimestamp(out: Uint8Array, at: number, prefix: number, value: number): void {
  out[at] = (prefix << 4) | (Math.floor(value / 2 ** 30) & 0x07) << 1 | 1;
  out[at + 1] = Math.floor(value / 2 ** 22) & 0xff;
  out[at + 2] = ((Math.floor(value / 2 ** 15) & 0x7f) << 1) | 1;
  out[at + 3] = Math.floor(value / 2 ** 7) & 0xff;
  out[at + 4] = ((value & 0x7f) << 1) | 1;
}

/** A PSI section (PAT or PMT) with its CRC. */
function section(tableId: number, id: number, body: number[]): Uint8Array {
  const length = 5 + body.length + 4;
  const bytes = Uint8Array.from([tableId, 0xb0 | (length >> 8), length & 0xff, id >> 8, id & 0xff, 0xc1, 0x00, 0x00, ...body, 0, 0, 0, 0]);
  const crc = crc32Mpeg(bytes.subarray(0, bytes.length - 4));
  bytes.set([crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff], bytes.length - 4);
  return bytes;
}

function crc32Mpeg(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte << 24;
    for (let i = 0; i < 8; i++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return crc >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
