// Keeps the form usable offline once loaded: network first (so a new version is picked up), the
// cached copy when there is no network.
const CACHE = "thanthien-birth-form";
const FILES = ["./", "index.html", "form.js", "form.css", "pkg/thanthien.js", "pkg/thanthien_bg.wasm"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  if (event.request.method !== "GET") return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((c) => c.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request, { ignoreSearch: true }).then((r) => r ?? Response.error())),
  );
});
