// Registers pillid's service worker (sw.js, written at build time by
// scripts/trunk-post-build.mjs), which keeps every file of the app so that
// it opens and works without a network after the first visit.
//
// Its scope is the app's own directory ("./", beside index.html), and it
// answers only the app's files and page there (see assets/sw.js). A page
// shown inside another site's frame registers nothing: the app does not
// start there (src/ui/framed.rs).
"use strict";
if ("serviceWorker" in navigator && window.top === window.self) {
  navigator.serviceWorker.register("sw.js", { scope: "./" }).catch(() => {
    // Without it the app still works; it only needs the network to open.
  });
}
