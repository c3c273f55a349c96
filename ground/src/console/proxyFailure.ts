/** What the console page shows when the SFU behind the console server can't be reached, in plain words. */
export function proxyFailureMessage(error: Error & { code?: string }, sfuUrl: string): string {
  const server = `the dronecast server (SFU) at ${sfuUrl}`;
  const retry = 'The console reconnects by itself once it is back.';
  switch (error.code) {
    case 'ECONNREFUSED':
      return `Cannot reach ${server}: connection refused. Is it running? ${retry}`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return `${capitalize(server)} dropped the connection. ${retry}`;
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return `${capitalize(server)} did not answer in time. ${retry}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot find ${server}: check the ground agent's --sfu flag.`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `Refused the certificate of ${server} (${error.code}): it is not one the ground agent's --ca-cert vouches for.`;
    default:
      return `Cannot reach ${server}: ${error.message || error.code || 'unknown error'}. ${retry}`;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
