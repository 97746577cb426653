// Watch the cells: color a passage by the activation of one LSTM unit, and search for units that
// track a named feature of the text. Reads the JSON that lstmlib.cellview.cell_view_html embeds in
// the page; needs no kernel, no library and no network. One copy of this script serves every view
// on a page: each view is a <div class="cellview" data-cellview="ID"> with its data in
// <script type="application/json" id="ID-data">.
(function () {
  "use strict";

  function decode(b64, n) {                // int8 activations, base64, scaled by 1/127
    var bin = atob(b64), out = new Float32Array(bin.length);
    for (var i = 0; i < bin.length; i++) {
      var v = bin.charCodeAt(i);
      out[i] = (v > 127 ? v - 256 : v) / 127;
    }
    return out;
  }

  // A light tint for the activation a in [-1, 1]: orange for positive, blue for negative, white at
  // 0. Tints stay light so black text on them keeps a contrast ratio above 7.
  function tint(a) {
    var t = Math.max(-1, Math.min(1, a));
    var hi = t >= 0 ? [253, 174, 97] : [146, 197, 222];
    var s = Math.abs(t);
    var rgb = hi.map(function (h) { return Math.round(255 + (h - 255) * s); });
    return "rgb(" + rgb.join(",") + ")";
  }

  function pearson(x, y) {
    var n = x.length, mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0, i;
    for (i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
    mx /= n; my /= n;
    for (i = 0; i < n; i++) {
      var dx = x[i] - mx, dy = y[i] - my;
      sxx += dx * dx; syy += dy * dy; sxy += dx * dy;
    }
    return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
  }

  function setup(root) {
    var id = root.getAttribute("data-cellview");
    var data = JSON.parse(document.getElementById(id + "-data").textContent);
    var T = data.text.length, H = data.units;
    var acts = { h: decode(data.h, T * H), c: decode(data.c, T * H) };
    var state = root.querySelector("select[name=state]");
    var unit = root.querySelector("input[name=unit]");
    var label = root.querySelector("output[name=unit-label]");
    var feature = root.querySelector("select[name=feature]");
    var results = root.querySelector(".cellview-results");
    var passage = root.querySelector(".cellview-text");

    var spans = [];
    for (var t = 0; t < T; t++) {
      var ch = data.text[t];
      if (ch === "\n") {
        var nl = document.createElement("span");
        nl.textContent = "\u21b5";           // show the newline character itself, then break
        nl.className = "cellview-nl";
        passage.appendChild(nl);
        spans.push(nl);
        passage.appendChild(document.createElement("br"));
      } else {
        var s = document.createElement("span");
        s.textContent = ch;
        passage.appendChild(s);
        spans.push(s);
      }
    }

    function column(kind, k) {
      var a = acts[kind], out = new Float32Array(T);
      for (var t = 0; t < T; t++) out[t] = a[t * H + k];
      return out;
    }

    function draw() {
      var kind = state.value, k = parseInt(unit.value, 10);
      var col = column(kind, k), scale = 0;
      for (var t = 0; t < T; t++) scale = Math.max(scale, Math.abs(col[t]));
      scale = scale > 0 ? scale : 1;          // cell values are scaled to the unit's largest
      for (t = 0; t < T; t++) {
        spans[t].style.backgroundColor = tint(col[t] / scale);
        spans[t].title = kind + "[" + k + "] = " + (col[t] * data.scale[kind]).toFixed(2);
      }
      label.value = (kind === "h" ? "hidden" : "cell") + " unit " + k;
      root.setAttribute("data-shown", kind + k);
    }

    function search() {
      var f = data.features[feature.value], ranked = [];
      for (var kind in acts) {
        for (var k = 0; k < H; k++) {
          ranked.push({ kind: kind, k: k, r: pearson(column(kind, k), f) });
        }
      }
      ranked.sort(function (a, b) { return Math.abs(b.r) - Math.abs(a.r); });
      results.textContent = "";
      ranked.slice(0, 5).forEach(function (u) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = (u.kind === "h" ? "hidden " : "cell ") + u.k + " (r = " + u.r.toFixed(2) + ")";
        b.addEventListener("click", function () {
          state.value = u.kind; unit.value = String(u.k); draw();
        });
        results.appendChild(b);
      });
    }

    state.addEventListener("change", draw);
    unit.addEventListener("input", draw);
    root.querySelector("button[name=search]").addEventListener("click", search);
    draw();
  }

  var views = document.querySelectorAll("div.cellview[data-cellview]");
  for (var i = 0; i < views.length; i++) {
    if (!views[i].hasAttribute("data-ready")) {
      views[i].setAttribute("data-ready", "1");
      setup(views[i]);
    }
  }
})();
