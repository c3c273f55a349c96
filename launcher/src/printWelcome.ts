import QRCode from 'qrcode';
import type { SfuReady } from '@dronecast/protocol';

/** What a person at the ground station needs: the links for phones, and a QR code to scan. */
export async function printWelcome(ready: SfuReady, trustHelp: string | undefined): Promise<void> {
  const qr = await QRCode.toString(ready.pilotUrls[0] ?? ready.httpsUrl, { type: 'terminal', small: true });
  const lines = [
    '',
    'dronecast is running. Open on a phone on the same network:',
    '',
    `Pilot URL:  ${ready.pilotUrls[0]}`,
    `Viewer URL: ${ready.viewerUrls[0]}`,
    '',
    ...ready.pilotUrls.slice(1).map((url) => `Pilot URL on this machine:  ${url}`),
    ...ready.viewerUrls.slice(1).map((url) => `Viewer URL on this machine: ${url}`),
    '',
    'Scan to open the pilot URL:',
    qr,
    trustHelp ?? `If the phone warns about the certificate, install the local CA from ${ready.caUrl} (see: npm run certs -- --help).`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}
