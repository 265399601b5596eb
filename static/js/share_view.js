// An open shared page (maps/views/share.py) listens to its link's socket
// (maps/share_consumer.py): "changed" fetches the map again over HTTP, where the
// link is checked once more; a close for a revoked or expired link (4403) or a
// deleted map (4404) fetches too, and the server's answer says why it ended.
// Without a socket, the page still asks every 30 seconds (hx-trigger).
const page = document.querySelector("[data-share-socket]");

function refresh() {
  const map = document.getElementById("shared-map");
  if (map && map.hasAttribute("hx-get") && window.htmx) window.htmx.trigger(map, "share-refresh");
}

function connect(delay) {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(scheme + "//" + window.location.host + page.dataset.shareSocket);
  // A change saved between the page's render and this open was sent to no socket of
  // this page: ask once (a 204 when there was none).
  socket.addEventListener("open", function () { delay = 1000; refresh(); });
  socket.addEventListener("message", function (event) {
    let message = null;
    try { message = JSON.parse(event.data); } catch (error) { return; }
    if (message && message.type === "changed") refresh();
  });
  socket.addEventListener("close", function (event) {
    if (event.code === 4403 || event.code === 4404) { refresh(); return; }
    // The network or the server went away: try again, slower each time; catch up then.
    setTimeout(function () { refresh(); connect(Math.min(delay * 2, 30000)); }, delay);
  });
}

if (page) connect(1000);
