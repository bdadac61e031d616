"""Browser-side measurements shared by the book and JupyterLab tests: WCAG contrast of the
text in feedback boxes (computed colours, translucent backgrounds composited the way the
browser paints them), elements wider than the viewport, and an axe-core run.

Each ``*_JS`` string is a function for ``page.evaluate``.
"""

from __future__ import annotations

FEEDBACK_SELECTOR = ".qmlcourse-check, .qmlcourse-note, .qmlcourse-concept, .qmlcourse-concept-question"

# For every element with its own visible text inside the boxes matched by the selector:
# its colour composited over the backgrounds of its ancestors (the page root over an
# opaque canvas) and the WCAG 2 contrast ratio. Returns [{text, fg, bg, ratio, box}].
CONTRAST_JS = r"""
(selector) => {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (top, bottom) => {  // "source over" compositing of two colours
    const a = top.a + bottom.a * (1 - top.a);
    if (a === 0) return {r: 0, g: 0, b: 0, a: 0};
    const mix = (k) => (top[k] * top.a + bottom[k] * bottom.a * (1 - top.a)) / a;
    return {r: mix('r'), g: mix('g'), b: mix('b'), a};
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const background = (el) => {
    const chain = [];
    for (let e = el; e; e = e.parentElement) chain.push(e);
    let bg = {r: 255, g: 255, b: 255, a: 1};  // the browser canvas
    for (const e of chain.reverse()) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) bg = over(c, bg);
    }
    return bg;
  };
  const out = [];
  document.querySelectorAll(selector).forEach((box, boxIndex) => {
    const els = [box, ...box.querySelectorAll('*')];
    for (const el of els) {
      const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
      if (!own || el.getClientRects().length === 0) continue;
      const bg = background(el);
      const fg = over(parse(getComputedStyle(el).color), bg);
      const l1 = lum(fg), l2 = lum(bg);
      const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      const fmt = (c) => `rgb(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)})`;
      out.push({text: el.textContent.trim().slice(0, 50), tag: el.tagName.toLowerCase(),
                fg: fmt(fg), bg: fmt(bg), ratio: Math.round(ratio * 100) / 100,
                box: box.className + ' #' + boxIndex});
    }
  });
  return out;
}
"""

# Elements whose right edge passes the viewport, outermost first (diagnostics for width).
TOO_WIDE_JS = r"""
() => {
  const vw = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= vw + 1) continue;
    let clipped = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX) && p.getBoundingClientRect().right <= vw + 1) {
        clipped = true; break;
      }
    }
    if (clipped) continue;
    if (wide.some(w => w.el.contains(el))) continue;
    wide.push({el, desc: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
               (el.className && typeof el.className === 'string'
                  ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
               ` right=${Math.round(r.right)}`});
  }
  return {scrollWidth: document.scrollingElement.scrollWidth, viewport: vw,
          wide: wide.slice(0, 8).map(w => w.desc)};
}
"""

AXE_RUN_JS = r"""
async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.length, targets: v.nodes.slice(0, 4).map(n => n.target.join(' '))}));
}
"""

WCAG_AA_TEXT = 4.5


def low_contrast(samples: list[dict], minimum: float = WCAG_AA_TEXT) -> list[dict]:
    """The measured samples below the minimum ratio.

    >>> low_contrast([{"ratio": 4.6}, {"ratio": 1.1}])
    [{'ratio': 1.1}]
    """
    return [s for s in samples if s["ratio"] < minimum]
