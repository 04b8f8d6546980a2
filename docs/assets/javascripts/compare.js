// The comparison page's date menus: open the page of the chosen pair (its URL can be shared).
// Works with mkdocs-material's instant navigation off or on; without JavaScript the
// history page's links still lead to every comparison.
(function () {
  function open(form) {
    var from = form.elements.from.value, to = form.elements.to.value;
    if (from === to) return;
    if (from > to) { var t = from; from = to; to = t; }
    var pair = from + "_" + to;
    if ((" " + form.dataset.pairs + " ").indexOf(" " + pair + " ") === -1) {
      form.querySelector(".pn-compare-missing") || form.insertAdjacentHTML(
        "beforeend", '<p class="pn-compare-missing" role="status">この組み合わせの比較は用意していません。改定履歴から前後の版を比べてください。</p>');
      return;
    }
    window.location.href = "../" + pair + "/";
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList && form.classList.contains("pn-compare-picker")) { event.preventDefault(); open(form); }
  });
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.classList.contains("pn-compare-picker")) open(form);
  });
})();
