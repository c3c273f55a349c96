// What other packages' tests and benches may use of the SFU, so they meet exactly what the
// ground agent and the phones meet in production: its tokens, its MQTT broker, its frame relay,
// and the codecs its routers offer. Everything else in sfu/src is the SFU's own.
export { TokenIssuer } from '../auth/TokenIssuer.ts';
export { EmbeddedBroker } from '../transports/mqtt/EmbeddedBroker.ts';
export { FrameRelay } from '../transports/websocket/FrameRelay.ts';
export { mediaCodecs } from '../media/mediaCodecs.ts';
export { startRedisServer, type RedisServer } from './redisServer.ts';
