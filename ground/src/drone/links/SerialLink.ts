import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import type { ByteLink, ByteLinkEvents } from './ByteLink.ts';

export interface SerialLinkOptions {
  path: string;
  baudRate: number;
}

/** A serial device: a USB-connected autopilot or a telemetry radio (SiK, RFD900). */
export class SerialLink extends EventEmitter<ByteLinkEvents> implements ByteLink {
  readonly description: string;
  private readonly port: SerialPort;
  private closed = false;

  constructor(options: SerialLinkOptions) {
    super();
    this.description = `serial:${options.path}:${options.baudRate}`;
    this.port = new SerialPort({ path: options.path, baudRate: options.baudRate, autoOpen: false });
    this.port.on('data', (bytes: Buffer) => this.emit('data', bytes));
    this.port.on('error', (error: Error) => this.emit('error', error));
    // A radio unplugged mid-flight closes the port without close() being called.
    this.port.on('close', () => {
      if (this.closed) return;
      this.closed = true;
      this.emit('close');
    });
  }

  async open(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.port.open((error) => (error ? reject(new Error(`${this.description}: cannot open: ${error.message}`)) : resolve())),
    );
  }

  write(bytes: Buffer): void {
    if (!this.closed && this.port.isOpen) this.port.write(bytes);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.port.isOpen) await new Promise<void>((resolve) => this.port.close(() => resolve()));
    this.emit('close');
  }
}
