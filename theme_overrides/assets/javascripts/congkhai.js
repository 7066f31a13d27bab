// The filter box of long lists (household lists): shows the rows in which every word typed starts
// a word, ignoring case and Vietnamese diacritics ("nguyen van" finds "Nguyễn Văn"). Without
// JavaScript there is no box and the whole list shows.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase();
  }

  // A row's text as searched: folded, one space before every word.
  function searchable(text) {
    return " " + fold(text).replace(/\s+/g, " ");
  }

  // The words typed, each to be found at the start of a word (" an" finds "An", not "Văn").
  function wanted(typed) {
    return fold(typed).split(/\s+/).filter(Boolean).map(function (word) { return " " + word; });
  }

  function hasAll(words, text) {
    return words.every(function (word) { return text.indexOf(word) !== -1; });
  }

  // Whether every word typed starts a word of the row's text.
  function matches(typed, text) {
    return hasAll(wanted(typed), searchable(text));
  }

  // A row's cells, a space between them: the row's textContent runs them together ("1Nguyễn").
  function cellsText(row) {
    return Array.prototype.map.call(row.cells, function (cell) { return cell.textContent; }).join(" ");
  }

  // The box is made here, not written into the page: without JavaScript it would do nothing.
  function makeBox(before) {
    var box = document.createElement("p");
    box.className = "ck-filter";
    var label = document.createElement("label");
    label.textContent = "Tìm theo tên, thôn hoặc tổ dân phố (gõ không dấu cũng được): ";
    var input = document.createElement("input");
    input.type = "search";
    input.autocomplete = "off";
    label.appendChild(input);
    var output = document.createElement("output");
    box.appendChild(label);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(output);
    before.parentNode.insertBefore(box, before);
    return { input: input, output: output };
  }

  function mount(first) {
    var firstHeading = document.querySelector("article h2") || first;
    var box = makeBox(firstHeading);
    var input = box.input;
    var output = box.output;
    var groups = [];
    var heading = null;
    document.querySelectorAll("article h2, table[data-ck-list]").forEach(function (el) {
      if (el.tagName === "H2") {
        heading = el;
        return;
      }
      var village = heading ? heading.textContent : "";
      groups.push({
        heading: heading,
        table: el,
        // A category's rows follow its heading row ("Hộ nghèo: 12 hộ") in their own tbody; the
        // category is searchable with each row, its count is not.
        sections: Array.prototype.map.call(el.tBodies, function (body) {
          var rows = Array.prototype.slice.call(body.rows);
          var label = rows.length && rows[0].cells[0].tagName === "TH" ? rows.shift() : null;
          var context = village + " " + (label ? label.textContent.split(":")[0] : "");
          return {
            label: label,
            rows: rows.map(function (row) {
              return { row: row, text: searchable(context + " " + cellsText(row)) };
            })
          };
        })
      });
    });

    function apply() {
      var typed = input.value;
      var words = wanted(typed);  // once per keystroke, not once per row
      var shown = 0;
      groups.forEach(function (group) {
        var inTable = 0;
        group.sections.forEach(function (section) {
          var found = 0;
          section.rows.forEach(function (entry) {
            var match = hasAll(words, entry.text);
            entry.row.hidden = !match;
            if (match) found += 1;
          });
          if (section.label) section.label.hidden = found === 0;
          inTable += found;
        });
        group.table.hidden = inTable === 0;
        if (group.heading) group.heading.hidden = inTable === 0;
        shown += inTable;
      });
      output.textContent = typed.trim() ? "Có " + shown.toLocaleString("vi-VN") + " hộ phù hợp." : "";
    }

    input.addEventListener("input", apply);
  }

  if (typeof document !== "undefined") {
    var first = document.querySelector("table[data-ck-list]");
    if (first) mount(first);
  }
  if (typeof module !== "undefined") {  // for the tests, run under Node
    module.exports = { fold: fold, matches: matches };
  }
})();

// Posting statuses: the page states them as of its build («Đang niêm yết đến hết ngày
// 05/02/2025»); here they are counted from the reader's today in Viet Nam («còn 12 ngày»). Without
// JavaScript, and on paper, the dates stay as the page states them.
(function () {
  "use strict";

  var DAY = 86400000;

  function parse(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }

  function shown(ms) {
    var d = new Date(ms);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(d.getUTCDate()) + "/" + two(d.getUTCMonth() + 1) + "/" + d.getUTCFullYear();
  }

  function short(start, end) {
    var s = shown(start), e = shown(end);
    return s.slice(6) === e.slice(6) ? s.slice(0, 5) + "–" + e : s + "–" + e;
  }

  // Today's date in Viet Nam (UTC+7), as a UTC midnight.
  function today(now) {
    var d = new Date(now + 7 * 3600000);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  }

  // A status's text on `day` from its state and dates (data-* attributes of its span).
  function statusText(data, day) {
    if (data.due) {
      var due = parse(data.due);
      if (day <= due) {
        var left = Math.round((due - day) / DAY);
        return "Chưa công khai — " + (left ? "còn " + left + " ngày đến hạn" : "hôm nay là hạn cuối") +
          " (hạn " + shown(due) + ")";
      }
      return "Chưa công khai — quá hạn " + Math.round((day - due) / DAY) + " ngày (hạn " + shown(due) + ")";
    }
    var posted = parse(data.posted);
    var verb = data.verb === "đăng tải" ? "đăng tải" : "niêm yết";  // only on the web or the air
    if (day < posted) return "Sẽ " + verb + " từ ngày " + shown(posted);
    if (!data.until) {
      return verb.charAt(0).toUpperCase() + verb.slice(1) + " thường xuyên từ ngày " + shown(posted);
    }
    var until = parse(data.until);
    if (day <= until) {
      var rest = Math.round((until - day) / DAY);
      return "Đang " + verb + ", " + (rest ? "còn " + rest + " ngày" : "hôm nay là ngày cuối") +
        " (đến hết ngày " + shown(until) + ")";
    }
    return "Đã " + verb + " đủ " + (Math.round((until - posted) / DAY) + 1) + " ngày (" + short(posted, until) + ")";
  }

  if (typeof document !== "undefined") {
    var day = today(Date.now());
    document.querySelectorAll("span.ck-posting").forEach(function (span) {
      span.textContent = statusText(span.dataset, day);
    });
  }
  if (typeof module !== "undefined") {  // for the tests, run under Node
    module.exports.statusText = statusText;
    module.exports.today = today;
  }
})();

// «Bản in niêm yết»: the button opens the browser's print dialog, where the page's print layout
// applies (A4, letterhead, every column). Hidden without JavaScript, where it could do nothing.
(function () {
  "use strict";
  if (typeof document === "undefined") return;
  document.querySelectorAll("[data-ck-print]").forEach(function (button) {
    button.parentElement.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();

// A table wider than its frame scrolls in it (the theme wraps each table): the frame becomes a
// keyboard stop named after the table's heading, so that a keyboard can scroll it (WCAG 2.1.1).
(function () {
  "use strict";
  if (typeof document === "undefined") return;

  function heading(element) {
    for (var at = element.previousElementSibling; at; at = at.previousElementSibling) {
      if (/^H[1-6]$/.test(at.tagName)) return at.textContent.replace(/\s+/g, " ").trim();
    }
    return "";
  }

  function name(frames) {
    frames.forEach(function (frame) {
      var table = frame.querySelector("table");
      var wide = frame.scrollWidth > frame.clientWidth + 1 || frame.scrollHeight > frame.clientHeight + 1;
      if (!table || !wide || frame.hasAttribute("tabindex")) return;
      frame.tabIndex = 0;
      frame.setAttribute("role", "region");
      frame.setAttribute("aria-label", "Bảng " + (heading(frame) || "số liệu") + " (cuộn để xem hết)");
    });
  }

  function all() {
    name(document.querySelectorAll(".md-typeset__scrollwrap"));
  }

  // The theme's search dialog has no name of its own (axe: aria-dialog-name).
  var dialog = document.querySelector(".md-search[role=dialog]");
  if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Tìm kiếm trên trang");

  // The theme wraps tables once its script has run: after the page loads, and on resizing.
  window.addEventListener("load", all);
  window.addEventListener("resize", all);
})();

// On the 404 page: the unit whose address is closest to the one asked for (a typo, a page that
// moved, a year not published), found in the tree's list of units. Without JavaScript the page
// links to the list itself.
(function () {
  "use strict";

  // The number of letters to change to make one text the other (Levenshtein).
  function distance(a, b) {
    var row = [];
    for (var j = 0; j <= b.length; j++) row.push(j);
    for (var i = 1; i <= a.length; i++) {
      var diagonal = row[0];
      row[0] = i;
      for (var k = 1; k <= b.length; k++) {
        var above = row[k];
        row[k] = Math.min(row[k] + 1, row[k - 1] + 1, diagonal + (a[i - 1] === b[k - 1] ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length];
  }

  // The unit (its address below the tree's top, e.g. "tinh-x/xa-y/") closest to `asked`: of the
  // units whose address is at most a few letters from the asked address's beginning (as many
  // folders as the unit's address has), the deepest; of those, the fewest letters apart.
  function closest(asked, addresses) {
    var parts = asked.split("/").filter(Boolean);
    var best = null, bestDepth = -1, bestDistance = Infinity;
    addresses.forEach(function (address) {
      var depth = address.split("/").filter(Boolean).length;
      var apart = distance(parts.slice(0, depth).join("/") + "/", address);
      if (apart > 3) return;
      if (depth > bestDepth || (depth === bestDepth && apart < bestDistance)) {
        best = address;
        bestDepth = depth;
        bestDistance = apart;
      }
    });
    return best;
  }

  if (typeof document !== "undefined") {
    var box = document.querySelector("[data-ck-closest]");
    if (box && window.fetch) {
      var list = new URL(box.getAttribute("data-ck-closest"), location.href);
      var root = list.pathname.replace(/[^/]*$/, "");
      var asked = location.pathname;
      try { asked = decodeURIComponent(asked); } catch (malformed) { /* compare it as typed */ }
      asked = asked.indexOf(root) === 0 ? asked.slice(root.length) : asked.replace(/^\//, "");
      fetch(list.href).then(function (response) { return response.json(); }).then(function (rows) {
        var header = rows[0];
        var at = header.indexOf("duong_dan"), named = header.indexOf("ten_don_vi");
        var units = {};
        rows.slice(1).forEach(function (row) { units[row[at]] = row[named]; });
        var found = closest(asked, Object.keys(units));
        if (!found) return;
        var link = document.createElement("a");
        link.href = root + found;
        link.textContent = units[found];
        box.textContent = "Có thể bạn muốn tìm trang của ";
        box.appendChild(link);
        box.appendChild(document.createTextNode("."));
        box.hidden = false;
      }).catch(function () {});
    }
  }
  if (typeof module !== "undefined") {  // for the tests, run under Node
    module.exports.closest = closest;
  }
})();
