// Event blocks: a "Copy link" button beside each permanent link, and today's date in "Cite this event".
(function () {
  function absolute(anchor) {
    return new URL(anchor.getAttribute("href"), location.href).href;
  }

  function copy(text, button) {
    var done = function () {
      button.textContent = "Link copied";
      setTimeout(function () { button.textContent = "Copy link"; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  }

  function fallbackCopy(text) {
    var field = document.createElement("textarea");
    field.value = text;
    document.body.appendChild(field);
    field.select();
    document.execCommand("copy");
    field.remove();
  }

  function addCopyButtons() {
    document.querySelectorAll("a.event-permalink").forEach(function (anchor) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button event-copy";
      button.textContent = "Copy link";
      var heading = anchor.closest("p").previousElementSibling;
      button.setAttribute("aria-label", "Copy link to “" + (heading ? heading.textContent.replace("¶", "").trim() : "this event") + "”");
      button.addEventListener("click", function () { copy(absolute(anchor), button); });
      anchor.insertAdjacentElement("afterend", button);
    });
  }

  function completeCitations() {
    var today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    document.querySelectorAll(".event-citation").forEach(function (citation) {
      citation.querySelectorAll("a").forEach(function (anchor) { anchor.textContent = absolute(anchor); });
      citation.querySelectorAll(".access-date").forEach(function (date) { date.textContent = today; });
    });
  }

  addCopyButtons();
  completeCitations();
})();
