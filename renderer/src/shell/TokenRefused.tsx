/**
 * What a browser tab shows when the server refuses its token: the server was restarted with a
 * new one, so nothing this tab sends can reach it until it is opened with the new address.
 */
export function TokenRefused() {
  return (
    <div className="token-refused" role="alert" data-testid="token-refused">
      <strong>The Faultline server refused this tab&apos;s token: it was restarted with a new one.</strong>
      <p>
        Open the address it printed last (<code>http://…/?token=…</code>) in this tab. Started with <code>npm start</code> or{' '}
        <code>faultline serve --keep-token</code>, the server keeps its token across restarts and open tabs reconnect by themselves.
      </p>
    </div>
  );
}
