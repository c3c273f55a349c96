import QRCode from 'qrcode';
import type { SfuReady } from '@dronecast/protocol';

/** What a person at the ground station needs: the links for phones, a QR code to scan, and its own console. */
export async function printWelcome(ready: SfuReady, trustHelp: string | undefined, consoleUrl?: string): Promise<void> {
  const qr = await QRCode.toString(ready.pilotUrls[0] ?? ready.httpsUrl, { type: 'terminal', small: true });
  // The URLs come last, next to "Ctrl-C", so they are what stays on screen.
  const lines = [
    '',
    'Scan with a phone on the same network to open the pilot page:',
    qr,
    trustHelp ?? `If the phone warns about the certificate, install the local CA from ${ready.caUrl} (npm run certs -- --help explains how).`,
    '',
    'dronecast is running.',
    `  Pilot URL:  ${ready.pilotUrls[0]}`,
    `  Viewer URL: ${ready.viewerUrls[0]}`,
    ...ready.pilotUrls.slice(1).map((url) => `  Pilot URL on this machine:  ${url}`),
    ...ready.viewerUrls.slice(1).map((url) => `  Viewer URL on this machine: ${url}`),
    ...(consoleUrl ? [`  Ground console: ${consoleUrl}   (this machine only)`] : []),
    `  These links work until ${new Date(ready.linksExpireAt).toLocaleString()} (--link-ttl). A link for one person: npm run link -- --name NAME`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}
