(() => {
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const around = (el) => {
    for (let n = el.parentElement; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary,"
    + " [tabindex]:not([tabindex='-1'])";
  const problems = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.closest("[hidden], [inert]")) continue;
    el.focus();
    if (document.activeElement !== el) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || el.getClientRects().length === 0) continue;
    const width = parseFloat(style.outlineWidth);
    const contrast = ratio(rgb(style.outlineColor).slice(0, 3), around(el));
    if (style.outlineStyle === "none" || width < 2 || contrast < 3) {
      problems.push(`${el.outerHTML.slice(0, 80)}: outline ${style.outlineStyle} ${width}px,`
        + ` contrast ${contrast.toFixed(2)}`);
    }
  }
  document.activeElement.blur();
  return problems;
})
