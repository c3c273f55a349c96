/** Plain-text steps for trusting the local CA on phones and desktop browsers. */
export function trustInstructions(caPath: string, caUrl?: string): string {
  const download = caUrl
    ? `On the phone (same Wi-Fi), open ${caUrl} to download the CA.`
    : 'On the phone (same Wi-Fi), open /ca.pem on the dronecast server (https://<this machine>:<port>/ca.pem) to download the CA.';
  return [
    `Trust the dronecast CA so phones and browsers accept the server without warnings.`,
    `CA file: ${caPath}`,
    download,
    '',
    'Android: Settings > Security > Encryption & credentials > Install a certificate > CA certificate,',
    '  then pick the downloaded file (menu names vary; search Settings for "CA certificate"). Chrome then trusts it.',
    'iOS/iPadOS: open the link in Safari and allow the download; install the profile in Settings > General >',
    '  VPN & Device Management; then enable full trust for it in Settings > General > About >',
    '  Certificate Trust Settings.',
    `Desktop: macOS - open the CA file in Keychain Access and set it to "Always Trust";`,
    `  Windows - certutil -user -addstore Root "${caPath}"; Linux Chrome - Settings > Privacy and security >`,
    '  Security > Manage certificates > Authorities > Import. Firefox: Settings > Privacy & Security >',
    '  Certificates > View Certificates > Authorities > Import, and tick "Trust this CA to identify websites".',
    '',
    'Only install it on your own devices, and keep ca-key.pem private: whoever has it can impersonate any site to them.',
  ].join('\n');
}
