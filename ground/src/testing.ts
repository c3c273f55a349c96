// What other packages' tests use of the ground agent: a bare MAVLink ground station and its UDP link.
export { qgcIdentity, RawGroundStation } from './drone/testing/RawGroundStation.ts';
export { UdpLink } from './drone/links/UdpLink.ts';
