import type { BenchRunOptions } from '@dronecast/protocol';
import type { ObservableValue } from '../observable.ts';
import { checkRunOptions } from './benchRunOptions.ts';
import type { TransportBench } from './TransportBench.ts';
import type { MeasuredTransport } from './TransportBenchTypes.ts';

/**
 * Publishes `window.__dronecastBench` for the harness and tests: a run takes the page's choices
 * with the given options over them, and shows them in the controls (what runs is what is shown).
 */
export function publishBenchHook<P extends MeasuredTransport>(bench: TransportBench<P>, choices: ObservableValue<BenchRunOptions>): void {
  window.__dronecastBench = {
    state: () => bench.state.value,
    run: (options = {}) => {
      let checked: BenchRunOptions;
      try {
        checked = checkRunOptions(options, choices.value);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      if (bench.running) return Promise.reject(new Error('A run is already going.'));
      choices.set(checked);
      return bench.run(checked);
    },
    report: () => bench.report.value,
  };
}
