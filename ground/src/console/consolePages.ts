/** Small self-contained pages the console server answers with when it cannot show the console itself. */

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

export function explanationPage(title: string, paragraphs: string[]): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{margin:0;padding:2rem 1rem;font:16px/1.5 system-ui,sans-serif;background:#f6f8fa;color:#1f2328}main{max-width:40rem;margin:0 auto}code{background:#eaeef2;padding:0 .25rem;border-radius:4px}</style>
</head>
<body><main data-testid="console-unavailable"><h1>${escapeHtml(title)}</h1>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
</main></body>
</html>
`;
}

export const noTokenPage = explanationPage('Ground console: no access token', [
  'The ground agent was started without a console token, so this page cannot talk to the dronecast server.',
  'Start everything with npm start (it passes the token), or give the ground agent the console token the SFU issued: set DRONECAST_CONSOLE_TOKEN or pass --console-token.',
]);

export function notBuiltPage(webappDir: string): string {
  return explanationPage('Ground console: the web app is not built', [
    `The console page is missing from ${webappDir}.`,
    'Build it with: npm run build -w webapp (npm start does this for you), then reload this page.',
  ]);
}
