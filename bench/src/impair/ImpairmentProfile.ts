/** How a network path is made worse for a bench run; every field optional. */
export interface ImpairmentProfile {
  name: string;
  /** Share of packets (UDP) or segments (TCP, as a retransmission stall) lost, percent. */
  lossPercent?: number;
  /** One-way delay added in each direction, ms. */
  delayMs?: number;
  /** Bandwidth cap in each direction, kbit/s. */
  rateKbps?: number;
}

/** The profiles issue 8 asks for, beside the clean path. */
export const benchImpairments: readonly ImpairmentProfile[] = [
  { name: '2% loss, 50 ms delay', lossPercent: 2, delayMs: 50 },
  { name: '2 Mbit/s cap', rateKbps: 2000 },
];
