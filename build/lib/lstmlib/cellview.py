"""An interactive view of a character model's units that needs no kernel: the HTML of
:func:`cell_view_html` holds the passage, the activations (int8, base64) and the features as JSON,
and a small script (``cellview.js`` beside this file, inlined) draws them. The same HTML works on the
static website and in a running notebook (``IPython.display.HTML(cell_view_html(...))``).

    html = cell_view_html("cv-hamlet", text, h, c, text_features(text))

text: the passage (T characters); h, c (T, H): hidden and cell states after each character.
"""
from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

import numpy as np

_JS = Path(__file__).with_name("cellview.js")


def text_features(text: str) -> dict[str, np.ndarray]:
    """Nameable properties of each character of ``text`` (T,), as float arrays of length T:

    - "inside [brackets]": 1 from an opening "[" to its closing "]" (stage directions);
    - "position in the line": characters since the last newline, divided by 60;
    - "in a speaker's name": 1 on a line that names who speaks (a short line ending in "." after a
      blank line, as in "Ham.");
    - "position in the word": letters since the last character that is not a letter, divided by 8.
    """
    T = len(text)
    bracket, line, speaker, word = (np.zeros(T) for _ in range(4))
    depth, col, run = 0, 0, 0
    for t, ch in enumerate(text):
        if ch == "[":
            depth += 1
        bracket[t] = float(depth > 0)
        if ch == "]":
            depth = max(depth - 1, 0)
        line[t] = col / 60
        col = 0 if ch == "\n" else col + 1
        run = run + 1 if ch.isalpha() else 0
        word[t] = run / 8
    for m in re.finditer(r"(?:^|\n\n)([A-Z][A-Za-z ]{0,20}\.)\n", text):
        speaker[m.start(1):m.end(1) + 1] = 1.0
    return {"inside [brackets]": bracket, "position in the line": line,
            "in a speaker's name": speaker, "position in the word": word}


def _pack(a: np.ndarray) -> tuple[str, float]:
    """Scale to [-1, 1] by the largest magnitude, quantize to int8, base64. Returns (data, scale)."""
    scale = float(np.max(np.abs(a))) or 1.0
    q = np.clip(np.round(a / scale * 127), -127, 127).astype(np.int8)
    return base64.b64encode(q.tobytes()).decode("ascii"), scale


def cell_view_html(view_id: str, text: str, h, c, features: dict[str, np.ndarray]) -> str:
    """The HTML of one view. view_id: unique on the page (letters, digits, '-'); text: T characters;
    h, c: (T, H) arrays; features: name -> (T,) array, offered by the search."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", view_id):
        raise ValueError(f"view_id must be letters, digits and '-', starting with a letter; got {view_id!r}")
    h, c = np.asarray(h, dtype=np.float64), np.asarray(c, dtype=np.float64)
    T = len(text)
    if h.ndim != 2 or h.shape[0] != T or c.shape != h.shape:
        raise ValueError(f"h and c must both be (T, H) with T={T} characters of text, got shapes "
                         f"{h.shape} and {c.shape}")
    for name, f in features.items():
        if np.shape(f) != (T,):
            raise ValueError(f"feature {name!r} must have shape ({T},), got {np.shape(f)}")
    H = h.shape[1]
    h64, h_scale = _pack(h)
    c64, c_scale = _pack(c)
    data = {"text": text, "units": H, "h": h64, "c": c64, "scale": {"h": h_scale, "c": c_scale},
            "features": {k: [round(float(v), 4) for v in f] for k, f in features.items()}}
    # "</" cannot appear inside a <script> element: escape it in the JSON.
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    options = "".join(f'<option value="{html.escape(k)}">{html.escape(k)}</option>' for k in features)
    return f"""<div class="cellview" data-cellview="{view_id}" style="color:#000;background:#fff;
padding:0.5em;border:1px solid #ccc;border-radius:4px">
<div class="cellview-controls" style="display:flex;flex-wrap:wrap;gap:0.5em 1.2em;align-items:center">
<label>state <select name="state"><option value="h">hidden h</option><option value="c">cell c</option>
</select></label>
<label>unit <input name="unit" type="range" min="0" max="{H - 1}" step="1" value="0"></label>
<output name="unit-label" aria-live="polite"></output>
</div>
<div class="cellview-controls" style="display:flex;flex-wrap:wrap;gap:0.5em;align-items:center;margin-top:0.4em">
<label>find units that track <select name="feature">{options}</select></label>
<button type="button" name="search">search</button>
<span class="cellview-results" style="display:flex;flex-wrap:wrap;gap:0.3em"></span>
</div>
<div class="cellview-text" style="font-family:monospace;font-size:0.85em;line-height:1.5;
margin-top:0.6em;overflow-wrap:anywhere;color:#000"></div>
<script type="application/json" id="{view_id}-data">{payload}</script>
<script>{_JS.read_text()}</script>
</div>"""
