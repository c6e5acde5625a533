// The colour scheme and its toggle: the reader's choice, else the system's, applied here, as the
// header is read and before the body's content exists. The theme's bundle would apply it after the
// page is drawn, and each of its steps (a colour-scheme meta added, then filled; transitions turned
// off, then on) makes the browser restyle every element, in the tasks that delay a reader's first
// tap. So the palette form is this script's alone: it takes the form from the bundle. From a file
// rather than inline: the pages' Content Security Policy allows no inline script.
(function () {
  var form = document.querySelector("form[data-md-component='palette']");
  if (!form) return;
  form.removeAttribute("data-md-component");
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[name='__palette']"));
  var header = document.querySelector("[data-md-component='header']");
  var schemeMeta = addMeta("color-scheme");
  var themeMeta = addMeta("theme-color");

  function addMeta(name) {
    var meta = document.createElement("meta");
    meta.name = name;
    document.head.appendChild(meta);
    return meta;
  }

  function media(input) {
    return input.getAttribute("data-md-color-media");
  }

  function systemIndex() {
    for (var index = 0; index < inputs.length; index++) {
      if (media(inputs[index]) && matchMedia(media(inputs[index])).matches) return index;
    }
    return 0;
  }

  function chosenIndex() {  // a stored choice that cannot be read, or names no option, is none
    var stored = null;
    try { stored = __md_get("__palette"); } catch (error) {}
    var index = stored && stored.index;
    return Number.isInteger(index) && index >= 0 && index < inputs.length ? index : systemIndex();
  }

  // An option whose media is "(prefers-color-scheme)" follows the system: it takes the colours of
  // the option for the system's scheme.
  function colours(input) {
    if (media(input) !== "(prefers-color-scheme)") return input;
    var light = matchMedia("(prefers-color-scheme: light)").matches;
    return form.querySelector("[data-md-color-media='(prefers-color-scheme: " + (light ? "light" : "dark") + ")']") || input;
  }

  function colour(input) {
    var from = colours(input);
    return {
      media: media(input),
      scheme: from.getAttribute("data-md-color-scheme"),
      primary: from.getAttribute("data-md-color-primary"),
      accent: from.getAttribute("data-md-color-accent"),
    };
  }

  function apply(index) {
    index = Math.max(0, Math.min(index, inputs.length - 1));
    var palette = colour(inputs[index]);
    for (var key in palette) document.body.setAttribute("data-md-color-" + key, palette[key]);
    inputs[index].checked = true;
    inputs.forEach(function (input, at) {
      var toggle = input.nextElementSibling;  // the button that switches to the next option
      if (toggle instanceof HTMLLabelElement) toggle.hidden = at !== index;
    });
    if (header) {  // the browser's own controls and bar in the header's colours, as the theme sets them
      var style = getComputedStyle(header);
      schemeMeta.content = style.colorScheme;
      themeMeta.content = "#" + (style.backgroundColor.match(/\d+/g) || []).slice(0, 3).map(function (value) {
        return (+value).toString(16).padStart(2, "0");
      }).join("");
    }
    return palette;
  }

  function choose(index) {
    document.body.setAttribute("data-md-color-switching", "");  // no transitions while the colours change
    __md_set("__palette", { index: index, color: apply(index) });
    setTimeout(function () { document.body.removeAttribute("data-md-color-switching"); });
  }

  apply(chosenIndex());
  form.addEventListener("change", function (event) {
    var index = inputs.indexOf(event.target);
    if (index >= 0) choose(index);
  });
  form.addEventListener("keydown", function (event) {  // Enter on the focused option: the next one
    if (event.key !== "Enter") return;
    var next = (inputs.findIndex(function (input) { return input.checked; }) + 1) % inputs.length;
    event.preventDefault();
    inputs[next].click();
    inputs[next].focus();
  });
  matchMedia("(prefers-color-scheme: light)").addEventListener("change", function () { apply(chosenIndex()); });
})();
