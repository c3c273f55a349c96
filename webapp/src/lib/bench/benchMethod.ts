/** How the page measures, in two sentences: shown on the page and written into every report. */
export const benchMethod =
  "The source stamps every frame with its capture time on the server's clock — drawn into the picture as a barcode that the page reads " +
  'back from the WebRTC video, and repeated in the JPEG frames’ header — and glass-to-glass latency is the time from that stamp to the ' +
  'frame reaching this screen. The page puts its own clock on the server’s with an NTP-style exchange over the signaling connection, ' +
  'using the quickest of the recent round trips (its offset and round trip are in the report).';

/** What "CPU time per frame" is. */
export const benchCpuMeasure =
  'Main-thread time this page spends on each transport’s frames, timed with performance.now() around the code and divided by the ' +
  'frames presented: for WebRTC the per-frame callback that reads the barcode back from the video (the phone page does the same for ' +
  'its latency overlay; the video element decodes and paints off the main thread), for websocket and MQTT taking each message and ' +
  'drawing the decoded picture (the JPEG decode runs off the main thread). The transport libraries’ own message parsing is not included.';
