// Draws the console's charts from data the server put in data-* attributes. Each drawn chart gets data-drawn with its
// number of points, so a reader (or a test) can tell that it was drawn from the data.
(function () {
  "use strict";

  function drawCurves() {
    document.querySelectorAll("[data-uplot]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var d = JSON.parse(el.dataset.uplot);
      var opts = {
        width: Math.max(280, el.clientWidth - 12),
        height: 260,
        scales: { x: { time: true }, kw: {}, kwh: {}, pct: { range: [0, 100] } },
        series: [
          {},
          { label: "Power (kW)", scale: "kw", stroke: "#0b5cad", width: 2, spanGaps: true },
          { label: "Energy (kWh)", scale: "kwh", stroke: "#1a7f37", width: 2, spanGaps: true },
          { label: "SoC (%)", scale: "pct", stroke: "#9a6700", width: 1, dash: [4, 4], spanGaps: true },
        ],
        axes: [{}, { scale: "kw", label: "kW" }, { scale: "kwh", side: 1, label: "kWh", grid: { show: false } }],
      };
      new uPlot(opts, [d.t, d.power, d.energy, d.soc], el);
      el.dataset.drawn = String(d.t.length);
    });
  }

  function drawBars() {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var spec = JSON.parse(el.dataset.chart);
      var canvas = document.createElement("canvas");
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", el.getAttribute("aria-label") || "chart");
      el.appendChild(canvas);
      new Chart(canvas, {
        type: spec.type || "bar",
        data: { labels: spec.labels, datasets: spec.datasets },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          scales: spec.stacked
            ? { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }
            : { y: { beginAtZero: true } },
        },
      });
      el.dataset.drawn = String(spec.labels.length);
    });
  }

  function draw() {
    if (window.uPlot) drawCurves();
    if (window.Chart) drawBars();
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:after:swap", draw);
  document.addEventListener("htmx:afterSwap", draw);
})();
