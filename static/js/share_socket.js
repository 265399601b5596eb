// A share link's socket (maps/share_consumer.py, ws/s/<token>/), for the pages a link
// opens: the shared page (share_view.js) and its presentation (presentation.js). It only
// ever says "changed"; the page then asks over HTTP, where the link is checked again. A
// close for a revoked or expired link (4403) or a deleted map (4404) asks too, and the
// server's answer says why it ended; any other close retries, slower each time, and
// catches up once back.
export const RETRY_MS = 1000;
export const RETRY_MAX_MS = 30000;

export function listenToShare(path, onChange) {
  function connect(delay) {
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(scheme + "//" + window.location.host + path);
    // A change saved between the page's render and this open was sent to no socket of
    // this page: ask once (the server answers 204 when there was none).
    socket.addEventListener("open", function () { delay = RETRY_MS; onChange(); });
    socket.addEventListener("message", function (event) {
      let message = null;
      try { message = JSON.parse(event.data); } catch (error) { return; }
      if (message && message.type === "changed") onChange();
    });
    socket.addEventListener("close", function (event) {
      if (event.code === 4403 || event.code === 4404) { onChange(); return; }
      setTimeout(function () { onChange(); connect(Math.min(delay * 2, RETRY_MAX_MS)); }, delay);
    });
  }
  connect(RETRY_MS);
}
