import { mount } from 'svelte';
import { Session } from '../../lib/session/Session.ts';
import { publishTestHook } from '../../lib/testHook.ts';
import { DroneVideo } from '../../lib/video/DroneVideo.ts';
import { FrameMeter } from '../../lib/video/FrameMeter.ts';
import '../../ui/theme.css';
import PhoneApp from './PhoneApp.svelte';

// The phone page: the drone's video with its live numbers. The model lives for the page's
// lifetime and survives every reconnect; components only render it.
const session = Session.forPage();
const video = new DroneVideo(session);
const meter = new FrameMeter(() => session.serverNow());
publishTestHook({ session, video, meter });

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(PhoneApp, { target, props: { session, video, meter } });
