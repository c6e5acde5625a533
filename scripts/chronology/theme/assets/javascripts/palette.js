// Material's restoring of the reader's chosen colour scheme, from a file rather than inline (the pages' Content Security Policy allows no inline script).
(function () {
  // Transitions off while the scheme is applied, as the theme's bundle turns them off when it applies
  // it (and on again after): set here, while the body holds only the header, it restyles nothing,
  // where the bundle's setting it would restyle every element.
  document.body.setAttribute("data-md-color-switching", "");
  var palette = __md_get("__palette");
  if (!palette || !palette.color) return;
  if (palette.color.media === "(prefers-color-scheme)") {
    var light = matchMedia("(prefers-color-scheme: light)").matches;
    var input = document.querySelector(light ? "[data-md-color-media='(prefers-color-scheme: light)']" : "[data-md-color-media='(prefers-color-scheme: dark)']");
    palette.color.media = input.getAttribute("data-md-color-media");
    palette.color.scheme = input.getAttribute("data-md-color-scheme");
    palette.color.primary = input.getAttribute("data-md-color-primary");
    palette.color.accent = input.getAttribute("data-md-color-accent");
  }
  for (var key in palette.color) document.body.setAttribute("data-md-color-" + key, palette.color[key]);
})();
