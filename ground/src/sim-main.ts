import { createLogger, exitOnStopSignals, runCli } from '@dronecast/runtime';
import { parseSimulatorConfig, simulatorUsage } from './drone/sim/SimulatorConfig.ts';
import { VehicleSimulator } from './drone/sim/VehicleSimulator.ts';

const logger = createLogger('sim');

async function main(): Promise<void> {
  const config = parseSimulatorConfig(process.argv.slice(2));
  if (config.help) {
    process.stdout.write(`${simulatorUsage}\n`);
    return;
  }
  const sim = new VehicleSimulator({ ...config.options, logger });
  sim.on('statusText', (text) => logger.info(`STATUSTEXT ${text}`));
  await sim.start();
  const { lat, lon } = sim.truth;
  const speed = config.options.timeScale === 1 ? '' : `, clock x${config.options.timeScale}`;
  process.stdout.write(`ArduCopter-like quad (MAVLink 2, system 1) on the ground at ${lat.toFixed(6)},${lon.toFixed(6)}${speed}\n`);
  for (const e of sim.endpoints) {
    process.stdout.write(`  ${e.link}${e.groundStation ? `   (ground station: ${e.groundStation})` : ''}\n`);
  }

  exitOnStopSignals(() => sim.stop());
}

runCli('npm run sim', main, (message) => logger.error(message));
