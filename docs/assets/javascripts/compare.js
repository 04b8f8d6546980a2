// Comparisons of two versions of a notice, without a server.
// - The picker (two date menus and 比較する): nothing happens until the button is pressed; then the
//   chosen pair's precomputed page opens, or the document's compare/ page with ?from=&to=. Both
//   URLs can be shared. An impossible pair (the same date, 旧 after 新) is said beside the button,
//   in a live region, and nothing opens.
// - Pairs that were not computed in advance (documents with many versions) open the
//   document's compare/ page with ?from=&to=, which fetches both versions' JSON and compares
//   them here: lines are aligned, then changed lines are compared word by word, with Japanese
//   words found by the browser's Intl.Segmenter. The diff library (jsdiff, BSD-3-Clause) is
//   bundled in assets/javascripts/vendor/ and loaded only on that page.
(function () {
  var script = document.currentScript;
  var vendor = script ? script.src.replace(/compare\.js(\?.*)?$/, "vendor/diff-8.0.4.min.js") : null;

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

  function plain(line) {
    return line
      .replace(/\{:?\s*[#.][^}]*\}\s*$/, "")           // attribute lists: { #anchor }, {: .class }
      .replace(/^#+\s*/, "").replace(/^\s*[-*]\s+/, "・")
      .replace(/\[([^\]]*)\]\(<?[^)>]*>?\)/g, "$1")    // links: keep their text
      .replace(/<br>/g, " / ").replace(/\\([\\`*_{}\[\]()#+\-.!|])/g, "$1")
      .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")
      .replace(/^\|\s*|\s*\|$/g, "").replace(/\s*\|\s*/g, " | ").trim();
  }

  function lines(text) {
    if (text.indexOf("---\n") === 0) text = text.slice(text.indexOf("\n---\n", 4) + 5);
    return text.split("\n").map(plain).filter(function (l) { return l && !/^[-| :]+$/.test(l); });
  }

  function mark(tag, label, text) {
    var node = document.createElement(tag);
    node.className = tag === "ins" ? "pn-ins" : "pn-del";
    var span = document.createElement("span");
    span.className = "pn-diff-label";
    span.textContent = label + ": ";
    node.appendChild(span);
    node.appendChild(document.createTextNode(text));
    return node;
  }

  function paragraph(kind, parts) {
    var p = document.createElement("p");
    p.className = "pn-diff-" + kind;
    parts.forEach(function (part) { p.appendChild(part); });
    return p;
  }

  function words(oldLine, newLine) {
    var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter("ja", { granularity: "word" }) : undefined;
    return Diff.diffWords(oldLine, newLine, segmenter ? { intlSegmenter: segmenter } : {}).map(function (c) {
      if (c.added) return mark("ins", "追加", c.value);
      if (c.removed) return mark("del", "削除", c.value);
      return document.createTextNode(c.value);
    });
  }

  function render(oldText, newText, target) {
    var changes = Diff.diffArrays(lines(oldText), lines(newText));
    var out = document.createElement("div");
    out.className = "pn-diff pn-diff-inline";
    var shown = 0;
    for (var i = 0; i < changes.length; i++) {
      var c = changes[i], next = changes[i + 1];
      if (c.removed && next && next.added) {          // changed lines: pair them, word by word
        var n = Math.max(c.value.length, next.value.length);
        for (var k = 0; k < n; k++) {
          var a = c.value[k], b = next.value[k];
          if (a !== undefined && b !== undefined) out.appendChild(paragraph("replace", words(a, b)));
          else if (a !== undefined) out.appendChild(paragraph("delete", [mark("del", "削除", a)]));
          else out.appendChild(paragraph("insert", [mark("ins", "追加", b)]));
          shown++;
        }
        i++;
      } else if (c.added || c.removed) {
        c.value.forEach(function (l) {
          out.appendChild(paragraph(c.added ? "insert" : "delete", [mark(c.added ? "ins" : "del", c.added ? "追加" : "削除", l)]));
          shown++;
        });
      }
    }
    if (!shown) out.appendChild(paragraph("equal", [document.createTextNode("本文に変更はありません。")]));
    target.replaceChildren(out);
    window.dispatchEvent(new Event("pn-tables-changed"));
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
    if (heading) heading.textContent = from + " → " + to;
    var load = document.createElement("script");
    load.src = vendor;
    load.onload = function () {
      Promise.all([from, to].map(function (d) {
        return fetch("../" + d + ".json").then(function (r) {
          if (!r.ok) throw new Error(d);
          return r.json();
        });
      })).then(function (pair) { render(pair[0].text, pair[1].text, target); })
        .catch(function (e) { target.textContent = "この日付の版はありません: " + e.message; });
    };
    document.head.appendChild(load);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", compareHere);
  else compareHere();
})();
