import { mount } from 'svelte';
import { CaptureControls } from '../../lib/capture/CaptureControls.ts';
import { AccessLinkList } from '../../lib/console/AccessLinkList.ts';
import { ConnectedGroundStations } from '../../lib/console/ConnectedGroundStations.ts';
import { ConnectedPeers } from '../../lib/console/ConnectedPeers.ts';
import { ConsoleEventFeed } from '../../lib/console/ConsoleEventFeed.ts';
import { fetchConsoleToken } from '../../lib/console/consoleToken.ts';
import { DroneLinkControls } from '../../lib/console/DroneLinkControls.ts';
import { EventLog } from '../../lib/console/EventLog.ts';
import { PhoneCameras } from '../../lib/console/PhoneCameras.ts';
import { selected } from '../../lib/console/selected.ts';
import { TransportSwitches } from '../../lib/console/TransportSwitches.ts';
import { PilotPresence } from '../../lib/control/PilotPresence.ts';
import { FlightControls } from '../../lib/flight/FlightControls.ts';
import { GalleryLinks } from '../../lib/gallery/galleryLinks.ts';
import { GalleryModel } from '../../lib/gallery/GalleryModel.ts';
import { VideoQualityState } from '../../lib/quality/VideoQualityState.ts';
import { Session } from '../../lib/session/Session.ts';
import { publishTestHook } from '../../lib/testHook.ts';
import { FrameMeter } from '../../lib/video/FrameMeter.ts';
import { FrameStatistics } from '../../lib/video/FrameStatistics.ts';
import { LiveVideo } from '../../lib/video/LiveVideo.ts';
import '../../ui/theme.css';
import './consoleTheme.css';
import ConsoleUnavailable from './ConsoleUnavailable.svelte';
import GroundApp from './GroundApp.svelte';

// The ground console: the ground agent serves this page on loopback and passes its SFU traffic
// through, so the session runs on the page's own origin with the token the agent hands over.
async function start(target: HTMLElement): Promise<void> {
  const access = await fetchConsoleToken(window.location.origin);
  if (!access.ok) {
    mount(ConsoleUnavailable, { target, props: { message: access.message } });
    return;
  }
  const session = new Session({ url: window.location.origin, token: access.token });
  const statistics = new FrameStatistics();
  const video = new LiveVideo(session, statistics, 'webrtc');
  const meter = new FrameMeter(() => session.serverNow(), statistics);
  const quality = new VideoQualityState(session);
  // Never holds the lease (the console flies without it), so it never pings; it tells who holds it.
  const presence = new PilotPresence(session);
  const flight = new FlightControls(session);
  const link = new DroneLinkControls(session);
  const transports = new TransportSwitches(session);
  const peers = new ConnectedPeers(session);
  const groundStations = new ConnectedGroundStations(session);
  const cameras = new PhoneCameras(session);
  const capture = new CaptureControls(session, () => session.serverNow());
  const gallery = new GalleryModel(session, new GalleryLinks(session.origin, session.token));
  const accessLinks = new AccessLinkList(session);
  const log = new EventLog();
  new ConsoleEventFeed(log, {
    signaling: session,
    peers: peers.peers,
    commands: [selected(flight.view, (v) => v.last), link.last],
    refusals: [
      selected(quality.change, (c) => c.error),
      selected(transports.state, (s) => s.error),
      selected(accessLinks.state, (s) => s.revokeError?.message ?? null),
    ],
  });
  publishTestHook({ session, video, statistics });
  mount(GroundApp, { target, props: { session, video, meter, statistics, quality, presence, flight, link, transports, peers, groundStations, cameras, capture, gallery, accessLinks, log } });
}

const target = document.getElementById('app');
if (!target) throw new Error('ground.html has no #app element');
void start(target);
