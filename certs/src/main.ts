import { resolve } from 'node:path';
import { parseCliArgs, USAGE, UsageError } from './cliArgs.ts';
import { ensureCerts, type CertResult } from './ensureCerts.ts';
import { InvalidNameError } from './names.ts';
import { trustInstructions } from './trustInstructions.ts';

function caStatus(result: CertResult): string {
  return result.caCreated ? `created a new one (${result.reason ?? 'requested'})` : 'reused the existing one';
}

function serverStatus(result: CertResult): string {
  if (!result.created) return 'reused the existing one';
  return `issued a new one (${result.caCreated ? 'new CA' : (result.reason ?? 'requested')})`;
}

function report(result: CertResult): string {
  const lines = [
    `CA: ${caStatus(result)}`,
    `Server certificate: ${serverStatus(result)}`,
    `Names covered: ${result.names.join(', ')}`,
    '',
    `CA certificate:     ${result.caCertPath}`,
    `CA key (private):   ${result.caKeyPath}`,
    `Server certificate: ${result.certPath}`,
    `Server key:         ${result.keyPath}`,
    '',
  ];
  if (result.caCreated) {
    lines.push('A new CA was created: devices that trusted an earlier dronecast CA must trust this one.', '');
  }
  lines.push(trustInstructions(result.caCertPath));
  return lines.join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    const result = await ensureCerts({
      dir: args.dir === undefined ? undefined : resolve(args.dir),
      extraNames: args.names,
      forceServerCert: args.force,
    });
    console.log(report(result));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof InvalidNameError) {
      console.error(`certs: ${error.message}\nRun \`npm run certs -- --help\` for usage.`);
      return 2;
    }
    console.error(`certs: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
