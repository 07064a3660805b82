// pillid's service worker: the app works offline and, once loaded, never
// touches the network.
//
// It keeps to its own: it answers only the app's own files (the list
// below) and navigations to the app's page (this file's directory or its
// index.html, with any query string). Every other request, including any
// other page on the same origin, goes to the network as if there were no
// service worker.
//
// This file is a template. At build time scripts/trunk-post-build.mjs
// writes dist/sw.js from it, with VERSION (a hash of every built file) and
// PRECACHE (the built files, whose names trunk hashes) filled in. A new
// build gives a new VERSION, so the browser installs the new worker, which
// keeps the new files and drops the old ones.
"use strict";

const VERSION = "dev";
const PRECACHE = [];

const CACHE = `pillid-${VERSION}`;
// The built files sit beside this one; their addresses, without query.
const BASE = new URL("./", self.location.href);
const OWN = new Set(PRECACHE.map((name) => new URL(name, BASE).href));
// The page itself. A navigation to the app's directory or to index.html is
// answered with it (the search lives in the query string, which the app
// reads); a navigation anywhere else is not answered here.
const PAGE = new URL("index.html", BASE).href;
const APP_PAGES = new Set([BASE.href, PAGE]);

// `url` without its query string and fragment.
function bare(url) {
  const u = new URL(url);
  u.search = "";
  u.hash = "";
  return u.href;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // `reload`: from the network, not from the HTTP cache.
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith("pillid-") && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  // Another origin never matches: BASE is this origin.
  const url = bare(request.url);
  let wanted;
  if (request.mode === "navigate") {
    if (!APP_PAGES.has(url)) {
      return;
    }
    wanted = PAGE;
  } else if (OWN.has(url)) {
    wanted = url;
  } else {
    return;
  }
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(wanted))
      .then((kept) => kept || fetch(request)),
  );
});
