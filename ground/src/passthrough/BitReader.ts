/** Thrown when the bits run out before the syntax does: a truncated or malformed header. */
export class BitstreamEndError extends Error {
  constructor() {
    super('the H.264 header ends early (truncated or malformed)');
    this.name = 'BitstreamEndError';
  }
}

/** Reads H.264 bit syntax (§7.2): fixed-width u(n) and Exp-Golomb ue(v)/se(v), most significant bit first. */
export class BitReader {
  private bit = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get bitsLeft(): number {
    return this.bytes.length * 8 - this.bit;
  }

  u1(): number {
    if (this.bit >= this.bytes.length * 8) throw new BitstreamEndError();
    const value = (this.bytes[this.bit >> 3]! >> (7 - (this.bit & 7))) & 1;
    this.bit++;
    return value;
  }

  /** u(n) for n up to 32. */
  u(bits: number): number {
    let value = 0;
    for (let i = 0; i < bits; i++) value = value * 2 + this.u1();
    return value;
  }

  ue(): number {
    let zeros = 0;
    while (this.u1() === 0) {
      // 32 leading zeros would be a value beyond any field's range: the data is not H.264.
      if (++zeros > 31) throw new BitstreamEndError();
    }
    return 2 ** zeros - 1 + this.u(zeros);
  }

  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -(k / 2);
  }

  skip(bits: number): void {
    if (bits > this.bitsLeft) throw new BitstreamEndError();
    this.bit += bits;
  }
}
