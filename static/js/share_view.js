// An open shared page (maps/views/share.py) fetches the map again over HTTP whenever its
// link's socket (share_socket.js) says so. Without a socket, the page still asks every
// 30 seconds (hx-trigger).
import { listenToShare } from "./share_socket.js";

const page = document.querySelector("[data-share-socket]");

function refresh() {
  const map = document.getElementById("shared-map");
  if (map && map.hasAttribute("hx-get") && window.htmx) window.htmx.trigger(map, "share-refresh");
}

if (page) listenToShare(page.dataset.shareSocket, refresh);
