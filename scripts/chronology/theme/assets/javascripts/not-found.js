// The not-found page: the theme's addresses (site root, search worker) read from the page's base, which
// the page set to the site root, rather than from the address the host answered.
(function () {
  var element = document.getElementById("__config");
  var config = JSON.parse(element.textContent);
  config.base = new URL(config.base, document.baseURI).href;
  config.search = new URL(config.search, document.baseURI).href;
  element.textContent = JSON.stringify(config);
})();
