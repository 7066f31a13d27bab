// The filter box of long lists (household lists): shows the rows that contain every word typed,
// ignoring case and Vietnamese diacritics ("nguyen van" finds "Nguyễn Văn"). Without
// JavaScript there is no box and the whole list shows.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase();
  }

  // The box is made here, not written into the page: without JavaScript it would do nothing.
  function makeBox(before) {
    var box = document.createElement("p");
    box.className = "ck-filter";
    var label = document.createElement("label");
    label.textContent = "Tìm theo tên hoặc thôn (gõ không dấu cũng được): ";
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
    var firstHeading = document.querySelector("article h3") || first;
    var box = makeBox(firstHeading);
    var input = box.input;
    var output = box.output;
    var groups = [];
    var heading = null;
    document.querySelectorAll("article h3, table[data-ck-list]").forEach(function (el) {
      if (el.tagName === "H3") {
        heading = el;
        return;
      }
      var village = heading ? heading.textContent : "";
      groups.push({
        heading: heading,
        table: el,
        rows: Array.prototype.map.call(el.tBodies[0].rows, function (row) {
          return { row: row, text: fold(village + " " + row.textContent) };
        })
      });
    });

    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      groups.forEach(function (group) {
        var matches = 0;
        group.rows.forEach(function (entry) {
          var match = words.every(function (word) { return entry.text.indexOf(word) !== -1; });
          entry.row.hidden = !match;
          if (match) matches += 1;
        });
        group.table.hidden = matches === 0;
        if (group.heading) group.heading.hidden = matches === 0;
        shown += matches;
      });
      output.textContent = words.length ? "Có " + shown.toLocaleString("vi-VN") + " hộ phù hợp." : "";
    }

    input.addEventListener("input", apply);
  }

  var first = document.querySelector("table[data-ck-list]");
  if (first) mount(first);
})();
