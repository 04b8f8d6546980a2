// The comparison engine of the site, for pairs of versions compared in the browser.
//
// A line-for-line port of the generator's engine (scripts/privacy_notices/diff.py: blocks, then
// sentences, then Japanese-aware units; diff_render.py: the HTML of both views), so that a pair
// compared here reads exactly like the same pair compared when the site was built: the same blocks,
// the same marks, the same labels, the same HTML. tests/test_comparison_routes.py runs both on every
// pair of the demo and on Japanese fixtures and requires equal JSON and equal HTML. Change one, change
// the other. Differences that remain by design: Unicode tables (Python's and the browser's NFKC and
// digit classes follow their own Unicode versions: characters added after Unicode 14 may differ).
//
// window.PnComparison = { compare(oldMarkdown, newMarkdown), toHtml(comparison, view), toJson(comparison) }
(function (root) {
  "use strict";

  // Python's \s (str.isspace) and \d (Unicode decimal digits), spelled out: JavaScript's differ.
  var WS = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var S = "[" + WS + "]", NS = "[^" + WS + "]", D = "\\p{Nd}";

  var FRONT_MATTER = /^---[ \t]*\n[\s\S]*?\n---[ \t]*(?:\n|$)/;
  var HEADING = new RegExp("^#{1,6}" + S + "+([^\\n]*)$", "u");
  var ITEM_START = new RegExp("^" + S + "*(?:[-*+]|" + D + "+[.)])" + S + "+([^\\n]*)", "u");
  var ITEM = new RegExp("^" + S + "*(?:[-*+]|" + D + "+[.)])" + S + "+([^\\n]*)$", "u");
  var RULE = /^(?:-{3,}|\*{3,}|_{3,})$/;
  var ATTRS_SRC = S + "*\\{:?" + S + "*[#.][^}]*\\}" + S + "*";
  var ATTRS_END = new RegExp(ATTRS_SRC + "$", "u");
  var ATTRS_FULL = new RegExp("^" + ATTRS_SRC + "$", "u");
  var SECTION_NUMBER = new RegExp("^" + D + "+(?:\\." + D + "+)*\\.?" + S + "+", "u");
  var SEPARATOR = new RegExp("^\\|?" + S + "*:?-+:?" + S + "*(?:\\|" + S + "*:?-+:?" + S + "*)*\\|?$", "u");
  var CELL_BORDER = /(?<!\\)\|/u;
  var ROW_ENDS = /^\||(?<!\\)\|$/gu;
  var LINK = new RegExp("\\[((?:\\\\[^\\n]|[^\\]\\\\])*)\\]\\((?:<[^>]*>|[^)" + WS + "]*)\\)", "gu");
  var BR = new RegExp(S + "*<br" + S + "*/?>" + S + "*", "giu");
  var EMPHASIS = new RegExp("(?<!\\\\)(\\*\\*?)(?=" + NS + ")([^\\n]+?)(?<=" + NS + ")(?<!\\\\)\\1", "gu");
  var BACKSLASH = /\\([!-/:-@[-`{-~])/gu;
  var KANJI_CLASS = "[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff々〆ヵヶ]";
  var KATAKANA_CLASS = "[\\u30a1-\\u30fa\\u30fc-\\u30ff\\uff66-\\uff9f]";
  var KANJI = new RegExp("^" + KANJI_CLASS + "+$", "u"), KATAKANA = new RegExp("^" + KATAKANA_CLASS + "+$", "u");
  var UNIT = new RegExp("[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]+(?:[,.，．][0-9０-９]+)*|" + KANJI_CLASS + "+|" + KATAKANA_CLASS + "+|"
                        + S + "+|[\\s\\S]", "gu");
  var SPACES = new RegExp(S + "+", "gu");
  var SENTENCE = /[^。！？!?\n]+[。！？!?\n]*|[。！？!?\n]+/gu;
  var STRIP = new RegExp("^" + S + "+|" + S + "+$", "gu");
  var SIMILAR = 0.4, CONTAINED = 0.8, SIMILAR_ROW = 0.7, PAIR_LIMIT = 2500, MATCH_LIMIT = 20000, ABSORB = 2;

  function strip(text) { return text.replace(STRIP, ""); }
  function chars(text) { return Array.from(text); }  // code points, as Python's str indexes them
  function findall(pattern, text) { return text.match(pattern) || []; }

  // --- difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() --------------------------

  function opcodesOf(a, b) {
    var b2j = new Map();
    b.forEach(function (item, j) { if (!b2j.has(item)) b2j.set(item, []); b2j.get(item).push(j); });
    function longest(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0, j2len = new Map();
      for (var i = alo; i < ahi; i++) {
        var next = new Map(), js = b2j.get(a[i]) || [];
        for (var n = 0; n < js.length; n++) {
          var j = js[n];
          if (j < blo) continue;
          if (j >= bhi) break;
          var k = (j2len.get(j - 1) || 0) + 1;
          next.set(j, k);
          if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
        }
        j2len = next;
      }
      while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
      while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
      return [besti, bestj, bestsize];
    }
    var queue = [[0, a.length, 0, b.length]], blocks = [];
    while (queue.length) {
      var q = queue.pop(), x = longest(q[0], q[1], q[2], q[3]), i = x[0], j = x[1], k = x[2];
      if (k) {
        blocks.push(x);
        if (q[0] < i && q[2] < j) queue.push([q[0], i, q[2], j]);
        if (i + k < q[1] && j + k < q[3]) queue.push([i + k, q[1], j + k, q[3]]);
      }
    }
    blocks.sort(function (p, r) { return p[0] - r[0] || p[1] - r[1] || p[2] - r[2]; });
    var i1 = 0, j1 = 0, k1 = 0, merged = [];
    blocks.forEach(function (m) {
      if (i1 + k1 === m[0] && j1 + k1 === m[1]) k1 += m[2];
      else { if (k1) merged.push([i1, j1, k1]); i1 = m[0]; j1 = m[1]; k1 = m[2]; }
    });
    if (k1) merged.push([i1, j1, k1]);
    merged.push([a.length, b.length, 0]);
    var ai = 0, bj = 0, answer = [];
    merged.forEach(function (m) {
      var tag = ai < m[0] && bj < m[1] ? "replace" : ai < m[0] ? "delete" : bj < m[1] ? "insert" : "";
      if (tag) answer.push([tag, ai, m[0], bj, m[1]]);
      ai = m[0] + m[2]; bj = m[1] + m[2];
      if (m[2]) answer.push(["equal", m[0], ai, m[1], bj]);
    });
    return answer;
  }

  function commonPrefix(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  }

  // diff._opcodes: difflib on normalised pieces, or one change between the common start and end.
  function opcodes(a, b) {
    var keysA = a.map(key), keysB = b.map(key), countsA = new Map(), countsB = new Map(), pairs = 0;
    keysA.forEach(function (k) { countsA.set(k, (countsA.get(k) || 0) + 1); });
    keysB.forEach(function (k) { countsB.set(k, (countsB.get(k) || 0) + 1); });
    countsA.forEach(function (count, k) { if (countsB.has(k)) pairs += count * countsB.get(k); });
    if (pairs <= MATCH_LIMIT) return opcodesOf(keysA, keysB);
    var start = commonPrefix(keysA, keysB);
    var end = commonPrefix(keysA.slice(start).reverse(), keysB.slice(start).reverse());
    var n = a.length, m = b.length;
    return [["equal", 0, start, 0, start], ["replace", start, n - end, start, m - end], ["equal", n - end, n, m - end, m]];
  }

  // --- blocks -------------------------------------------------------------------------------------

  function key(piece) {
    return piece.normalize("NFKC").replace(SPACES, function (run) { return run.indexOf("\n") !== -1 ? "\n" : " "; });
  }
  function normalise(text) { return strip(key(text)); }

  function Block(type, text, cells, header) {
    this.type = type; this.text = text; this.cells = cells || []; this.header = header || [];
    this._key = null; this._bigrams = null;
  }
  Block.prototype.key = function () {
    if (this._key === null) {
      var text = this.type === "heading" ? this.text.replace(SECTION_NUMBER, "") : this.text;
      this._key = this.type + "\x00" + normalise(text);
    }
    return this._key;
  };
  Block.prototype.bigrams = function () {
    if (this._bigrams === null) {
      var text = chars(normalise(this.text)), set = new Set();
      for (var k = 0; k < text.length - 1; k++) set.add(text[k] + text[k + 1]);
      this._bigrams = set.size ? set : new Set([text.join("")]);
    }
    return this._bigrams;
  };

  var entity = null;
  function unescapeHtml(text) {  // html.unescape: the browser's own HTML character references
    if (text.indexOf("&") === -1) return text;
    if (!entity) entity = document.createElement("span");
    entity.innerHTML = text.replace(/</g, "&lt;");
    return entity.textContent;
  }

  function plain(markdown) {
    var text = markdown.replace(ATTRS_END, "");
    text = text.replace(LINK, "$1").replace(EMPHASIS, "$2");
    text = text.replace(BR, "\n");
    return strip(unescapeHtml(text.replace(BACKSLASH, "$1")));
  }

  function parseBlocks(markdown) {
    var lines = markdown.replace(/\r\n/g, "\n").replace(FRONT_MATTER, "").split("\n");
    var blocks = [], openType = null, openLines = [], header = [];
    for (var number = 0; number < lines.length; number++) {
      var line = lines[number], stripped = strip(line);
      var startsBlock = !stripped || stripped.charAt(0) === "|" || HEADING.test(stripped) || RULE.test(stripped);
      if (openType && (startsBlock || ITEM_START.test(line))) {
        blocks.push(new Block(openType, plain(openLines.join(" "))));
        openType = null; openLines = [];
      }
      if (stripped.charAt(0) === "|") {
        if (SEPARATOR.test(stripped)) continue;
        var cells = stripped.replace(ROW_ENDS, "").split(CELL_BORDER).map(plain);
        var following = number + 1 < lines.length ? strip(lines[number + 1]) : "";
        if (following.charAt(0) === "|" && SEPARATOR.test(following)) {
          header = cells;
          blocks.push(new Block("table_header", cells.join(" | "), cells, cells));
        } else {
          blocks.push(new Block("table_row", cells.join(" | "), cells, header));
        }
        continue;
      }
      header = [];
      var heading = HEADING.exec(stripped), item = ITEM.exec(line);
      if (heading) blocks.push(new Block("heading", plain(heading[1])));
      else if (item) { openType = "list_item"; openLines = [item[1]]; }
      else if (stripped && !startsBlock && !ATTRS_FULL.test(stripped)) { openType = openType || "paragraph"; openLines.push(stripped); }
    }
    if (openType) blocks.push(new Block(openType, plain(openLines.join(" "))));
    return blocks;
  }

  // --- pairing ------------------------------------------------------------------------------------

  function similarity(old, neu) {
    if (old.type !== neu.type) return 0;
    var labelled = old.type === "table_row" && normalise(old.cells[0]) !== "";
    if (labelled && normalise(old.cells[0]) === normalise(neu.cells[0])) return 1;
    var a = old.bigrams(), b = neu.bigrams(), shared = 0;
    a.forEach(function (g) { if (b.has(g)) shared++; });
    var dice = 2 * shared / (a.size + b.size);
    if (labelled) return dice >= SIMILAR_ROW ? dice : 0;
    var contained = shared / Math.min(a.size, b.size);
    return dice >= SIMILAR ? dice : contained >= CONTAINED ? contained : 0;
  }

  function continues(block, after) {
    return after !== null && (block.type === after || (block.type === "table_row" && after === "table_header"));
  }

  function pair(olds, news, after) {
    var n = olds.length, m = news.length, pairs = [], i, j;
    if (after === undefined) after = null;
    if (n * m > PAIR_LIMIT) {
      for (i = 0; i < Math.max(n, m); i++) {
        var x = olds[i] || null, y = news[i] || null;
        if (x && y && similarity(x, y)) pairs.push([x, y]);
        else { if (x) pairs.push([x, null]); if (y) pairs.push([null, y]); }
      }
      return pairs;
    }
    var sim = olds.map(function (x) { return news.map(function (y) { return similarity(x, y); }); });
    var best = [];
    for (i = 0; i <= n; i++) { best.push([]); for (j = 0; j <= m; j++) best[i].push(0); }
    for (i = n - 1; i >= 0; i--) {
      for (j = m - 1; j >= 0; j--) {
        var paired = sim[i][j] ? sim[i][j] + best[i + 1][j + 1] : 0;
        best[i][j] = Math.max(best[i + 1][j], best[i][j + 1], paired);
      }
    }
    i = 0; j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && sim[i][j] && best[i][j] === sim[i][j] + best[i + 1][j + 1]) {
        pairs.push([olds[i], news[j]]); i++; j++;
        after = news[j - 1].type;
        continue;
      }
      var canDelete = i < n && (j === m || best[i][j] === best[i + 1][j]);
      var canInsert = j < m && (i === n || best[i][j] === best[i][j + 1]);
      if (canDelete && !(canInsert && continues(news[j], after) && !continues(olds[i], after))) {
        pairs.push([olds[i], null]); after = olds[i].type; i++;
      } else {
        pairs.push([null, news[j]]); after = news[j].type; j++;
      }
    }
    return pairs;
  }

  function moves(pairs) {
    var inserted = new Map(), moved = new Map();
    pairs.forEach(function (p, index) {
      if (p[0] === null && p[1] !== null) {
        if (!inserted.has(p[1].key())) inserted.set(p[1].key(), []);
        inserted.get(p[1].key()).push(index);
      }
    });
    pairs.forEach(function (p, index) {
      var waiting = p[0] !== null && p[1] === null ? inserted.get(p[0].key()) : null;
      if (waiting && waiting.length) { moved.set(index, "move_from"); moved.set(waiting.shift(), "move_to"); }
    });
    return moved;
  }

  function columns(old, neu) {
    var matched = [];
    opcodes(old, neu).forEach(function (op) {
      var k;
      if (op[0] === "equal" || (op[0] === "replace" && op[2] - op[1] === op[4] - op[3])) {
        for (k = 0; k < op[2] - op[1]; k++) matched.push([op[1] + k, op[3] + k]);
        return;
      }
      var olds = [], news = [], where = new Map();
      for (k = op[1]; k < op[2]; k++) { var b = new Block("paragraph", old[k]); olds.push(b); where.set(b, k); }
      for (k = op[3]; k < op[4]; k++) { var c = new Block("paragraph", neu[k]); news.push(c); where.set(c, k); }
      pair(olds, news).forEach(function (p) {
        matched.push([p[0] ? where.get(p[0]) : null, p[1] ? where.get(p[1]) : null]);
      });
    });
    return matched;
  }

  function sameList(a, b) {
    return a.length === b.length && a.every(function (x, k) { return normalise(x) === normalise(b[k]); });
  }

  function cellOf(block, index) {
    if (block === null || index === null) return null;
    return index < block.cells.length ? block.cells[index] : "";
  }
  function at(cells, index) { return index !== null && index < cells.length ? cells[index] : ""; }

  function columnKind(old, neu, i, j) {
    if (i === null || j === null) return i === null ? "insert" : "delete";
    return normalise(at(old, i)) === normalise(at(neu, j)) ? "equal" : "replace";
  }

  function change(old, neu, headers, movedKind) {
    var block = neu || old;
    var kind = movedKind || (old && neu ? "replace" : neu ? "insert" : "delete");
    if (old && neu && old.key() === neu.key()) kind = "equal";
    var result = {kind: kind, block_type: block.type, old: old ? old.text : null, new: neu ? neu.text : null,
                  segments: [], cells: [], header: [], columns: []};
    if (block.type === "table_header" || block.type === "table_row") {
      var oh = headers[0], nh = headers[1];
      var width = Math.max(old ? old.cells.length : 0, neu ? neu.cells.length : 0, oh.length, nh.length);
      var matched = [];
      if (oh.length && nh.length && !sameList(oh, nh)) matched = columns(oh, nh);
      else for (var k = 0; k < width; k++) matched.push([k, k]);
      result.cells = matched.map(function (m) { return diffText(cellOf(old, m[0]), cellOf(neu, m[1])); });
      result.header = matched.map(function (m) {
        return m[1] !== null && m[1] < nh.length ? at(nh, m[1]) : at(oh, m[0]);
      });
      result.columns = matched.map(function (m) { return columnKind(oh, nh, m[0], m[1]); });
      return result;
    }
    result.segments = kind === "equal" ? [{kind: "equal", text: block.text}]
      : diffText(old ? old.text : null, neu ? neu.text : null);
    return result;
  }

  function headerKey(side, cells) { return side + "\x00" + cells.join("\x01"); }

  function compare(oldText, newText) {
    var a = parseBlocks(oldText), b = parseBlocks(newText), pairs = [];
    opcodes(a.map(function (x) { return x.key(); }), b.map(function (y) { return y.key(); })).forEach(function (op) {
      if (op[0] === "equal") {
        for (var k = 0; k < op[2] - op[1]; k++) pairs.push([a[op[1] + k], b[op[3] + k]]);
        return;
      }
      var last = pairs.length ? (pairs[pairs.length - 1][1] || pairs[pairs.length - 1][0]).type : null;
      pairs = pairs.concat(pair(a.slice(op[1], op[2]), b.slice(op[3], op[4]), last));
    });
    var moved = moves(pairs), partners = new Map();
    var blocks = pairs.map(function (p, index) {
      var x = p[0], y = p[1], headers;
      if (x && y && x.type === "table_header") {
        partners.set(headerKey(0, x.cells), y.cells); partners.set(headerKey(1, y.cells), x.cells);
      }
      if (x && y) headers = [x.header, y.header];
      else if (x) headers = [x.header, partners.get(headerKey(0, x.header)) || x.header];
      else headers = [partners.get(headerKey(1, y.header)) || y.header, y.header];
      return change(x, y, headers, moved.get(index));
    });
    return {blocks: blocks};
  }

  // --- text ---------------------------------------------------------------------------------------

  function seg(kind, text) { return {kind: kind, text: text}; }

  function diffText(old, neu) {
    if (old === null || neu === null) {
      var text = neu === null ? old : neu;
      return text ? [seg(neu === null ? "delete" : "insert", text)] : [];
    }
    if (normalise(old) === normalise(neu)) return neu ? [seg("equal", neu)] : [];
    var segments = [], sa = findall(SENTENCE, old), sb = findall(SENTENCE, neu);
    opcodes(sa, sb).forEach(function (op) {
      if (op[0] === "equal") { segments.push(seg("equal", sb.slice(op[3], op[4]).join(""))); return; }
      var olds = sa.slice(op[1], op[2]).map(function (s) { return new Block("paragraph", s); });
      var news = sb.slice(op[3], op[4]).map(function (s) { return new Block("paragraph", s); });
      pair(olds, news).forEach(function (p) {
        segments = segments.concat(p[0] && p[1] ? diffUnits(p[0].text, p[1].text)
          : diffText(p[0] ? p[0].text : null, p[1] ? p[1].text : null));
      });
    });
    return absorb(segments.filter(function (s) { return s.text; }));
  }

  function diffUnits(old, neu) {
    var a = findall(UNIT, old), b = findall(UNIT, neu), segments = [];
    opcodes(a, b).forEach(function (op) {
      if (op[0] === "equal") segments.push(seg("equal", b.slice(op[3], op[4]).join("")));
      else if (op[2] - op[1] === op[4] - op[3]) {
        for (var k = 0; k < op[2] - op[1]; k++) segments = segments.concat(replaceWord(a[op[1] + k], b[op[3] + k]));
      } else {
        segments.push(seg("delete", a.slice(op[1], op[2]).join("")), seg("insert", b.slice(op[3], op[4]).join("")));
      }
    });
    return segments;
  }

  function replaceWord(old, neu) {
    var a = chars(old), b = chars(neu), start = 0, end = 0;
    if ((KANJI.test(old) && KANJI.test(neu)) || (KATAKANA.test(old) && KATAKANA.test(neu))) {
      start = commonPrefix(a, b);
      end = commonPrefix(a.slice(start).reverse(), b.slice(start).reverse());
    }
    return [seg("equal", b.slice(0, start).join("")), seg("delete", a.slice(start, a.length - end).join("")),
            seg("insert", b.slice(start, b.length - end).join("")), seg("equal", b.slice(b.length - end).join(""))];
  }

  function absorb(segments) {
    var merged = [];
    segments.forEach(function (s) {
      if (merged.length && merged[merged.length - 1].kind === "equal" && s.kind === "equal") {
        s = seg("equal", merged.pop().text + s.text);
      }
      merged.push(s);
    });
    var out = [], deleted = [], inserted = [];
    function flush() {
      if (deleted.length) out.push(seg("delete", deleted.join("")));
      if (inserted.length) out.push(seg("insert", inserted.join("")));
      deleted = []; inserted = [];
    }
    merged.forEach(function (s, index) {
      if (s.kind !== "equal") { (s.kind === "delete" ? deleted : inserted).push(s.text); return; }
      var between = (deleted.length || inserted.length) && index < merged.length - 1;
      if (between && chars(s.text).length <= ABSORB && s.text.indexOf("\n") === -1) {
        deleted.push(s.text); inserted.push(s.text); return;
      }
      flush();
      out.push(s);
    });
    flush();
    return out;
  }

  // --- diff_render.to_json and to_html ------------------------------------------------------------

  function toJson(comparison) {
    var kinds = comparison.blocks.map(function (b) { return b.kind; });
    function count(kind) { return kinds.filter(function (k) { return k === kind; }).length; }
    return {changed: kinds.some(function (k) { return k !== "equal"; }),
            stats: {inserted: count("insert"), deleted: count("delete"), changed: count("replace"),
                    unchanged: count("equal"), moved: count("move_to")},
            blocks: comparison.blocks};
  }

  var LABELS = {insert: "追加", delete: "削除", replace: "変更", move_from: "移動元", move_to: "移動先"};
  var HIDDEN = {inline: [], old: ["insert", "move_to"], "new": ["delete", "move_from"]};
  var COLLAPSE = 3;

  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  function groupsOf(blocks) {
    var groups = [];
    blocks.forEach(function (block) {
      var last = groups.length ? groups[groups.length - 1] : null;
      var previous = last ? last[last.length - 1].block_type : null;
      var table = block.block_type === "table_row" && (previous === "table_header" || previous === "table_row");
      if (table || (block.block_type === "list_item" && previous === "list_item")) last.push(block);
      else groups.push([block]);
    });
    return groups;
  }

  function runsOf(groups) {
    var runs = [], unchanged = [];
    function fold(list) {
      var size = list.reduce(function (n, g) { return n + g.length; }, 0);
      return list.length ? [[size >= COLLAPSE, list]] : [];
    }
    groups.forEach(function (group) {
      if (group.every(function (b) { return b.kind === "equal"; })) { unchanged.push(group); return; }
      var heading = unchanged.length && unchanged[unchanged.length - 1][0].block_type === "heading" ? [unchanged.pop()] : [];
      runs = runs.concat(fold(unchanged), [[false, heading.concat([group])]]);
      unchanged = [];
    });
    return runs.concat(fold(unchanged));
  }

  function segmentHtml(s, label, word) {
    var text = escape(s.text).replace(/\n/g, "<br>");
    if (s.kind === "equal") return text;
    var tag = s.kind === "insert" ? "ins" : "del";
    var mark = label ? '<span class="pn-diff-label">' + (word || LABELS[s.kind]) + ": </span>" : "";
    return "<" + tag + ' class="pn-' + tag + (word ? " pn-move" : "") + '">' + mark + text + "</" + tag + ">";
  }

  function segmentsHtml(segments, side, block, label) {
    var hidden = HIDDEN[side].slice(0, 1), word = block.kind.indexOf("move") === 0 ? LABELS[block.kind] : null;
    return segments.filter(function (s) { return hidden.indexOf(s.kind) === -1; })
      .map(function (s) { return segmentHtml(s, label === undefined ? true : label, word); }).join("");
  }

  function textHtml(block, side) {
    if (side === "old" && block.kind === "equal" && block.old !== null) {
      return segmentsHtml([seg("equal", block.old)], side, block);
    }
    return segmentsHtml(block.segments, side, block);
  }

  function rowHtml(block, cell) {
    var cells = block.cells.map(function (segments, index) {
      var kind = index < block.columns.length ? block.columns[index] : "equal";
      var cls = kind === "equal" ? "" : ' class="pn-col-' + kind + '"';
      return "<" + cell + cls + ">" + segmentsHtml(segments, "inline", block, block.kind === "replace" || index === 0)
        + "</" + cell + ">";
    }).join("");
    return '<tr class="pn-diff-' + block.kind + '">' + cells + "</tr>";
  }

  function groupHtml(group, side) {
    var blocks = group.filter(function (b) { return HIDDEN[side].indexOf(b.kind) === -1; });
    if (!blocks.length) return "";
    var first = blocks[0].block_type;
    if (first === "table_header" || first === "table_row") {
      var head = blocks.filter(function (b) { return b.block_type === "table_header"; }).map(function (b) { return rowHtml(b, "th"); }).join("");
      var body = blocks.filter(function (b) { return b.block_type === "table_row"; }).map(function (b) { return rowHtml(b, "td"); }).join("");
      return '<table class="pn-diff-table">' + (head ? "<thead>" + head + "</thead>" : "") + "<tbody>" + body + "</tbody></table>";
    }
    if (first === "list_item") {
      return '<ul class="pn-diff-list">' + blocks.map(function (b) {
        return '<li class="pn-diff-' + b.kind + '">' + textHtml(b, side) + "</li>";
      }).join("") + "</ul>";
    }
    var text = textHtml(blocks[0], side);
    if (first === "heading") return '<p class="pn-diff-heading pn-diff-' + blocks[0].kind + '"><strong>' + text + "</strong></p>";
    return '<p class="pn-diff-' + blocks[0].kind + '">' + text + "</p>";
  }

  function absent(block) {
    var word = {insert: "新設", "delete": "削除"}[block.kind] || "移動";
    return '<span class="pn-sbs-none">(' + word + ")</span>";
  }

  function sideBySide(group) {
    if (group[0].block_type === "table_header" || group[0].block_type === "table_row") {
      return '<div class="pn-sbs-row pn-sbs-span">' + groupHtml(group, "inline") + "</div>";
    }
    return group.map(function (block) {
      var sides = [["old", "旧"], ["new", "新"]].map(function (s) {
        return '<div class="pn-sbs-' + s[0] + '"><span class="pn-sbs-side">' + s[1] + '</span><div class="pn-sbs-text">'
          + (groupHtml([block], s[0]) || absent(block)) + "</div></div>";
      }).join("");
      return '<div class="pn-sbs-row pn-diff-' + block.kind + '">' + sides + "</div>";
    }).join("");
  }

  function toHtml(comparison, view) {
    view = view || "inline";
    var parts = [];
    runsOf(groupsOf(comparison.blocks)).forEach(function (run) {
      var groups = run[1];
      if (run[0]) {
        var inner = groups.map(function (g) { return groupHtml(g, "new"); }).join("");
        var size = groups.reduce(function (n, g) { return n + g.length; }, 0);
        var details = '<details class="pn-diff-unchanged"><summary>変更のない ' + size + " 件</summary>" + inner + "</details>";
        parts.push(view === "inline" ? details : '<div class="pn-sbs-row pn-sbs-span">' + details + "</div>");
      } else if (view === "inline") {
        groups.forEach(function (g) { parts.push(groupHtml(g, "inline")); });
      } else {
        groups.forEach(function (g) { parts.push(sideBySide(g)); });
      }
    });
    if (view === "inline") return '<div class="pn-diff pn-diff-inline">' + parts.join("") + "</div>";
    return '<div class="pn-diff pn-diff-side-by-side"><div class="pn-sbs-head" aria-hidden="true"><div>旧</div><div>新</div></div>'
      + parts.join("") + "</div>";
  }

  root.PnComparison = {compare: compare, toHtml: toHtml, toJson: toJson};
})(window);
