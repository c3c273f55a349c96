import { minimal } from 'node-mavlink';
import type { Target } from './gcsMessages.ts';

/**
 * The ground agent's own MAVLink address, as a ground station. System 255 is the one ArduPilot
 * watches for its GCS failsafe (SYSID_MYGCS). The component is MAV_COMP_ID_USER1 rather than the
 * 190 that QGroundControl and Mission Planner send from: when they share the drone through the
 * agent (--gcs), each COMMAND_ACK's target then says which of us it answers.
 */
export const agentIdentity: Target = { system: 255, component: minimal.MavComponent.USER1 };
