import { mount } from 'svelte';
import { publishBenchHook } from '../../lib/bench/benchHook.ts';
import { runOptionsFromUrl } from '../../lib/bench/benchRunOptions.ts';
import { TransportBench } from '../../lib/bench/TransportBench.ts';
import { TransportProbe } from '../../lib/bench/TransportProbe.ts';
import { ObservableValue } from '../../lib/observable.ts';
import { VideoQualityState } from '../../lib/quality/VideoQualityState.ts';
import { Session } from '../../lib/session/Session.ts';
import '../../ui/theme.css';
import './bench.css';
import BenchApp from './BenchApp.svelte';

// The benchmark page: the drone video over every transport on one page, measured the same way.
const session = Session.forPage();
const quality = new VideoQualityState(session);
const bench = new TransportBench(session, quality, (transport) => new TransportProbe(session, transport));
const choices = new ObservableValue(runOptionsFromUrl(window.location.href));
publishBenchHook(bench, choices);

const target = document.getElementById('app');
if (!target) throw new Error('bench.html has no #app element');
mount(BenchApp, { target, props: { session, quality, bench, choices } });
