import { mount } from 'svelte';
import { PhoneCamera } from '../../lib/camera/PhoneCamera.ts';
import { PilotPresence } from '../../lib/control/PilotPresence.ts';
import { FlightControls } from '../../lib/flight/FlightControls.ts';
import { PoseControlModel } from '../../lib/pose/PoseControlModel.ts';
import { pageStorage } from '../../lib/pageStorage.ts';
import { CaptureControls } from '../../lib/capture/CaptureControls.ts';
import { GalleryLinks } from '../../lib/gallery/galleryLinks.ts';
import { GalleryModel } from '../../lib/gallery/GalleryModel.ts';
import { VideoQualityState } from '../../lib/quality/VideoQualityState.ts';
import { Session } from '../../lib/session/Session.ts';
import { onPageWake } from '../../lib/session/pageWake.ts';
import { publishTestHook } from '../../lib/testHook.ts';
import { registerServiceWorker } from '../../lib/app/registerServiceWorker.ts';
import { FrameMeter } from '../../lib/video/FrameMeter.ts';
import { FrameStatistics } from '../../lib/video/FrameStatistics.ts';
import { LiveVideo } from '../../lib/video/LiveVideo.ts';
import { initialTransport } from '../../lib/video/transportChoice.ts';
import '../../ui/theme.css';
import PhoneApp from './PhoneApp.svelte';

// The phone page: the drone's video with its live numbers, over the transport the user picks.
// The model lives for the page's lifetime and survives every reconnect; components only render it.
const session = Session.forPage();
const statistics = new FrameStatistics();
const video = new LiveVideo(session, statistics, initialTransport(window.location.href, pageStorage()));
const meter = new FrameMeter(() => session.serverNow(), statistics);
const quality = new VideoQualityState(session);
const camera = new PhoneCamera(session);
const pose = new PoseControlModel(session);
camera.status.subscribe(({ producerId }) => pose.setCamera(producerId));
// While this phone holds control (flying, or pose control on) it sends the dead-man signal.
const presence = new PilotPresence(session);
const flight = new FlightControls(session);
const capture = new CaptureControls(session, () => session.serverNow());
const gallery = new GalleryModel(session, new GalleryLinks(session.origin, session.token));
publishTestHook({ session, video, statistics });
// After the phone's screen sleeps: reconnect and restart the video now, not after socket.io's backoff.
onPageWake(() => {
  session.wake();
  video.wake();
});

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
// Installed as an app, the page opens from its cached shell; it never caches anything live.
void registerServiceWorker();
mount(PhoneApp, { target, props: { session, video, meter, statistics, quality, camera, pose, presence, flight, capture, gallery } });
