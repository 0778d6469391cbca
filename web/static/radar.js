// The radar page: show the quadrant views on a phone, let Plotly take over the server-drawn SVG chart (same size,
// same positions) for hover and click, export and print the chart, sort the table, and apply a filter as soon as
// it changes. Everything works without it: the SVG's marks and quadrant names are links, and the form filters.
(function () {
  "use strict";

  // The same width as the stylesheet's phone layout, where the quadrant views replace the whole-radar chart.
  var PHONE = window.matchMedia("(max-width: 767px)");

  // Each quadrant view's SVG arrives inside <noscript>, which a browser running scripts keeps as plain text.
  function showPhoneViews() {
    if (!PHONE.matches) { return; }
    document.querySelectorAll(".phone-chart > noscript").forEach(function (holder) {
      holder.insertAdjacentHTML("afterend", holder.textContent);
      holder.remove();
    });
  }

  function drawChart() {
    var holder = document.getElementById("radar-chart");
    var source = document.getElementById("radar-figure");
    // On phones the whole-radar stage is hidden and the quadrant views (SVG with links) are the chart.
    if (!holder || !source || !window.Plotly || holder.offsetParent === null) { return null; }
    var figure = JSON.parse(source.textContent);
    var config = { displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d", "zoom2d", "pan2d"] };
    window.Plotly.newPlot(holder, figure.data, figure.layout, config).then(function () {
      holder.parentNode.classList.add("interactive");  // the SVG stays underneath, for print
      holder.setAttribute("data-drawn", "true");
      holder.setAttribute("data-drawn-at", String(Math.round(window.performance.now())));
    });
    holder.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      if (point && point.customdata) {
        window.location.href = "/blips/" + encodeURIComponent(point.customdata[0]);
      }
    });
    return holder;
  }

  function wireExports(holder) {
    document.querySelectorAll("[data-export]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (!holder || !window.Plotly) { window.location.href = "/radar.svg" + window.location.search; return; }
        window.Plotly.downloadImage(holder, { format: button.getAttribute("data-export"), filename: "radar" });
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function wireSorting() {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      var headers = table.querySelectorAll("thead th");
      headers.forEach(function (header, column) {
        var button = header.querySelector("button[data-sort]");
        if (!button) { return; }
        button.addEventListener("click", function () {
          var ascending = header.getAttribute("aria-sort") !== "ascending";
          headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
          header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var kind = button.getAttribute("data-sort");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = a.cells[column], y = b.cells[column];
            var left = x.getAttribute("data-value") || x.textContent.trim();
            var right = y.getAttribute("data-value") || y.textContent.trim();
            var order = kind === "text" ? left.localeCompare(right) : Number(left) - Number(right);
            return ascending ? order : -order;
          });
          rows.forEach(function (row) { body.appendChild(row); });
        });
      });
    });
  }

  function wireFilters() {
    var form = document.querySelector("form.filters");
    if (!form) { return; }
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { form.submit(); });
    });
  }

  // A deferred script that runs before plotly.js: the page is parsed and the SVG painted already. Plotly is there
  // once the document's deferred scripts have all run.
  showPhoneViews();
  PHONE.addEventListener("change", showPhoneViews);
  wireSorting();
  wireFilters();
  document.addEventListener("DOMContentLoaded", function () { wireExports(drawChart()); });
})();
