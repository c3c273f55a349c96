import QRCode from 'qrcode';
import { createLogger, runCli } from '@dronecast/runtime';
import { loadSecret } from '../auth/loadSecret.ts';
import { TokenIssuer } from '../auth/TokenIssuer.ts';
import { AccessLinkBook } from './AccessLinkBook.ts';
import { linkUsage, parseLinkConfig } from './LinkConfig.ts';

const logger = createLogger('link');

/** `npm run link`: a link for one person, recorded where the SFU (running or not) finds it. */
async function main(): Promise<void> {
  const config = parseLinkConfig(process.argv.slice(2));
  if (config.help) {
    process.stdout.write(`${linkUsage}\n`);
    return;
  }
  const book = new AccessLinkBook(config.stateDir, new TokenIssuer(await loadSecret(config.stateDir)));
  const { link, token } = book.issue(config.droneId, config.role, config.name, config.ttlHours);
  const url = `${config.origin}/?token=${token}`;
  const qr = await QRCode.toString(url, { type: 'terminal', small: true });
  process.stdout.write(
    [
      qr,
      `${link.role === 'pilot' ? 'Pilot' : 'Viewer'} link for ${link.name}, until ${new Date(link.expiresAt).toLocaleString()}:`,
      `  ${url}`,
      `The ground console lists it (as ${link.id}) and can revoke it.`,
      '',
    ].join('\n'),
  );
}

runCli('npm run link', main, (message) => logger.error(message));
