/** getUserMedia's failures in words a phone user can act on. */
export function cameraErrorMessage(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera access was refused. Allow the camera for this site in the browser settings, then try again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No usable camera was found on this device.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera is busy (another app may be using it). Close that app and try again.';
    case 'InsecureContext':
      return 'The camera needs a secure page: open the https:// link printed by the ground station.';
    default:
      return `The camera could not start: ${error instanceof Error ? error.message : String(error)}`;
  }
}
