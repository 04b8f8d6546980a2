// Comparisons of two versions of a notice, without a server.
// - The picker (two date menus and 比較する): nothing happens until the button is pressed; then the
//   chosen pair's precomputed page opens, or the document's compare/ page with ?from=&to=. Both
//   URLs can be shared. An impossible pair (the same date, 旧 after 新) is said beside the button,
//   in a live region, and nothing opens.
// - Pairs that were not computed in advance (documents with many versions) open the
//   document's compare/ page with ?from=&to=, which fetches both versions' JSON and compares
//   them here with the site's own engine (comparison.js, loaded only on that page): the same
//   marks, change summary and both views as a page built in advance.
(function () {
  var script = document.currentScript;
  var engineUrl = script ? script.src.replace(/compare\.js(\?.*)?$/, "comparison.js") : null;

  function precomputed(form, from, to) {
    return (" " + (form.dataset.pairs || "") + " ").indexOf(" " + from + "_" + to + " ") !== -1;
  }

  function pairUrl(form, from, to) {
    var base = form.dataset.base || "../";
    return precomputed(form, from, to) ? base + from + "_" + to + "/" : base + "?from=" + from + "&to=" + to;
  }

  // What is wrong with a pair, in the visitor's words, or "" when it can be compared.
  function problem(from, to) {
    if (from === to) return "旧と新に同じ日付が選ばれています。別々の日付を選んでください。";
    if (from > to) return "旧の日付が新より後になっています。旧には新より前の施行日を選んでください。";
    return "";
  }

  function say(form, text) {
    var message = form.querySelector(".pn-compare-message");
    if (message) message.textContent = text;
  }

  function open(form) {
    var from = form.elements.from.value, to = form.elements.to.value;
    var wrong = problem(from, to);
    say(form, wrong);
    if (!wrong) window.location.href = pairUrl(form, from, to);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList && form.classList.contains("pn-compare-picker")) { event.preventDefault(); open(form); }
  });
  document.addEventListener("change", function (event) {  // a new choice clears an earlier message
    var form = event.target.form;
    if (form && form.classList.contains("pn-compare-picker")) say(form, "");
  });

  // --- comparing in the browser ---------------------------------------------------------------
  // The same engine as the pages built in advance (comparison.js, a port of diff.py and
  // diff_render.py; tests/test_comparison_routes.py keeps them equal), the change summary computed
  // when the site was built (summaries.json), and the page's sections: 変更の概要, 本文の変更, 新旧対照表.

  function section(id, title) {
    var h = document.createElement("h2");
    h.id = id;
    h.textContent = title;
    return h;
  }

  function render(pair, summary, target) {
    var engine = window.PnComparison, comparison = engine.compare(pair[0].text, pair[1].text);
    var list = document.createElement("ul");
    (summary.length ? summary : ["データの項目に変更はありません (文言・書式の変更のみ)"]).forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    var note = document.createElement("p");
    note.textContent = "追加した部分は「追加」、削除した部分は「削除」の印と下線・取消線で示します。";
    var inline = document.createElement("div"), side = document.createElement("div");
    inline.innerHTML = engine.toHtml(comparison, "inline");  // every text is escaped by the engine
    side.innerHTML = engine.toHtml(comparison, "side-by-side");
    target.replaceChildren(section("summary", "変更の概要"), list, section("inline", "本文の変更"), note,
                           inline.firstChild, section("side-by-side", "新旧対照表"), side.firstChild);
    window.dispatchEvent(new Event("pn-tables-changed"));
  }

  function json(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url);
      return r.json();
    });
  }

  function compareHere() {
    var target = document.getElementById("pn-browser-diff");
    if (!target) return;
    var query = new URLSearchParams(window.location.search);
    var from = query.get("from"), to = query.get("to");
    var pattern = /^\d{4}-\d{2}-\d{2}$/;
    if (!pattern.test(from || "") || !pattern.test(to || "")) return;
    var form = document.querySelector(".pn-compare-picker");
    if (form) {
      form.elements.from.value = from; form.elements.to.value = to;
      var wrong = problem(from, to);
      if (wrong) { say(form, wrong); return; }
    }
    var heading = document.getElementById("pn-browser-diff-pair");
    var names = [from, to].map(function (d) {
      var option = form && form.querySelector('option[value="' + d + '"]');
      return option ? option.textContent : d;
    });
    if (heading) heading.textContent = "旧: " + names[0] + "施行の版 / 新: " + names[1] + "施行の版";
    var load = document.createElement("script");
    load.src = engineUrl;
    load.onload = function () {
      Promise.all([json("../" + from + ".json"), json("../" + to + ".json"),
                   json("summaries.json").catch(function () { return {}; })])
        .then(function (got) { render([got[0], got[1]], got[2][from + "_" + to] || [], target); })
        .catch(function () { target.textContent = "選んだ日付の版が見つかりません。旧と新の日付を選び直してください。"; });
    };
    document.head.appendChild(load);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", compareHere);
  else compareHere();
})();
