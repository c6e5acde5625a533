// Material's storage helpers, from a file rather than inline, so the pages' Content Security Policy allows no inline script.
__md_scope = new URL(document.currentScript.dataset.scope, document.baseURI);
__md_hash = function (text) { return [...text].reduce(function (hash, char) { return (hash << 5) - hash + char.charCodeAt(0); }, 0); };
__md_get = function (key, storage, scope) { storage = storage || localStorage; scope = scope || __md_scope; return JSON.parse(storage.getItem(scope.pathname + "." + key)); };
__md_set = function (key, value, storage, scope) { storage = storage || localStorage; scope = scope || __md_scope; try { storage.setItem(scope.pathname + "." + key, JSON.stringify(value)); } catch (error) {} };
// From disk, search runs its worker in an iframe (the iframe-worker shim beside this file), loaded
// before the theme's bundle starts search; a served page, where workers run, does without it.
if (location.protocol === "file:") document.write('<script src="' + new URL("iframe-worker/shim.js", document.currentScript.src).href + '"><\/script>');
// The theme's bundle marks the root element as it starts (scripts run: "js", not "no-js"; its focus
// polyfill: "js-focus-visible"), after the page is drawn, and the theme's selectors on [class] make
// the browser restyle every element for it; marked here, before the body exists, that costs nothing.
document.documentElement.classList.remove("no-js");
document.documentElement.classList.add("js", "js-focus-visible");
