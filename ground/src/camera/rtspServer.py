# A real RTSP server for the tests: GStreamer's gst-rtsp-server, as companion computers and
# mavlink-camera-manager serve drone cameras. It re-serves the H.264 RTP sent to a UDP port, or a
# VP8 test pattern of its own (a camera that is not H.264).
# usage: rtspServer.py --rtp-port N [--port N] [--codec h264|vp8] [--digest user:password]
# Prints "ready PORT" once listening on 127.0.0.1:PORT (any free one unless --port), mount /live.
import argparse
import sys
import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtsp', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument('--rtp-port', type=int, default=0)
parser.add_argument('--port', type=int, default=0)
parser.add_argument('--codec', choices=['h264', 'vp8'], default='h264')
parser.add_argument('--digest', default='')
args = parser.parse_args()

Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address('127.0.0.1')
server.set_service(str(args.port))
factory = GstRtspServer.RTSPMediaFactory()
if args.codec == 'h264':
    caps = 'application/x-rtp,media=video,encoding-name=H264,clock-rate=90000,payload=96'
    factory.set_launch(f'( udpsrc address=127.0.0.1 port={args.rtp_port} caps="{caps}" ! rtph264depay ! rtph264pay name=pay0 pt=96 config-interval=-1 )')
else:
    factory.set_launch('( videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=15/1 ! vp8enc deadline=1 ! rtpvp8pay name=pay0 pt=96 )')
# One pipeline for every client, as a camera has one encoder.
factory.set_shared(True)
if args.digest:
    user, password = args.digest.split(':', 1)
    auth = GstRtspServer.RTSPAuth()
    auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    token = GstRtspServer.RTSPToken()
    token.set_string('media.factory.role', 'pilot')
    auth.add_digest(user, password, token)
    server.set_auth(auth)
    factory.add_role_from_structure(Gst.Structure.from_string('pilot, media.factory.access=(boolean)true, media.factory.construct=(boolean)true')[0])
server.get_mount_points().add_factory('/live', factory)
server.attach(None)
loop = GLib.MainLoop()


def parent_gone(*_):
    # stdin is a pipe from the process that started us: its end means that process is gone.
    loop.quit()
    return False


GLib.io_add_watch(GLib.IOChannel.unix_new(sys.stdin.fileno()), GLib.PRIORITY_DEFAULT, GLib.IOCondition.IN | GLib.IOCondition.HUP, parent_gone)
print(f'ready {server.get_bound_port()}', flush=True)
loop.run()
