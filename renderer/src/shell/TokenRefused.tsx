/**
 * What a browser tab shows when the server refuses its token: the server was restarted with a
 * new one, or a lab member's own sign-in expired, was replaced or removed. Nothing this tab sends
 * can reach it until it is opened with a valid address.
 */
export function TokenRefused() {
  return (
    <div className="token-refused" role="alert" data-testid="token-refused">
      <strong>The Faultline server refused this tab&apos;s token: it was restarted with a new one, or your sign-in link expired or was replaced.</strong>
      <p>
        Lab members: ask a lab admin for a new sign-in link (<code>faultline people link PROJECT NAME</code>, or People in the app) and open it in this tab.
      </p>
      <p>
        Running the server yourself? Open the address it printed last (<code>http://…/?token=…</code>) in this tab. Started with <code>npm start</code> or{' '}
        <code>faultline serve --keep-token</code>, the server keeps its token across restarts and open tabs reconnect by themselves.
      </p>
    </div>
  );
}
