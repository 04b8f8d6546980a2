// The search dialog's company menu (overrides/partials/search.html): narrow the results to one
// company. The menu lists search/companies.json (written by the build); the query the theme sends
// its search worker carries the chosen company's address prefix, and the worker (patched by
// search_patch.py) keeps only the results under it, so the count and the results are the theme's.
// Keyboard: Tab from the search box reaches the menu (the theme would close the dialog), arrows
// choose a company, Shift+Tab goes back to the box, Esc closes the dialog as before.
(function () {
  var select = document.getElementById("pn-search-company");
  var box = document.querySelector("[data-md-component=search-query]");
  if (!select || !box || typeof Worker === "undefined") return;
  var filter = select.closest(".pn-search-filter");
  var worker = null;

  var send = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    if (message && message.type === 2 && typeof message.data === "string") {  // a query
      worker = this;
      args[0] = Object.assign({}, message, { company: select.value });
    }
    return send.apply(this, args);
  };

  function base() {
    var config = document.getElementById("__config");
    var root = config ? JSON.parse(config.textContent).base : ".";
    return new URL(root.replace(/\/?$/, "/"), location.href);
  }

  var loaded = false;
  function load() {
    if (loaded) return;
    loaded = true;
    fetch(new URL("search/companies.json", base())).then(function (response) {
      return response.ok ? response.json() : [];
    }).then(function (companies) {
      companies.forEach(function (company) {
        var option = document.createElement("option");
        option.value = company.prefix;
        option.textContent = company.name;  // text, never HTML: names are editors' data
        select.appendChild(option);
      });
      filter.hidden = companies.length < 2;
    }).catch(function () { /* the menu stays hidden: the search works without it */ });
  }
  box.addEventListener("focus", load);
  if (document.activeElement === box) load();

  select.addEventListener("change", function () {
    if (worker && box.value.trim()) worker.postMessage({ type: 2, data: box.value });
  });

  // The theme handles every key pressed while its dialog is open (Tab closes it, arrows move
  // between the results, other keys go to the search box): keep the menu's keys to the menu.
  box.addEventListener("keydown", function (event) {
    if (event.key === "Tab" && !event.shiftKey && !filter.hidden) event.stopPropagation();
  });
  select.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") event.stopPropagation();
  });
})();
