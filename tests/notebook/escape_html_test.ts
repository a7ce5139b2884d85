import assert from "node:assert/strict";
import { escapeHtml, html, HtmlFragment } from "../../lib/notebook/mod.ts";

Deno.test("escapeHtml() escapes the five HTML-significant characters", () => {
  assert.equal(
    escapeHtml(`<script>alert("x" & 'y')</script>`),
    "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;",
  );
});

Deno.test("escapeHtml() converts non-strings with String()", () => {
  assert.equal(escapeHtml(42), "42");
  assert.equal(escapeHtml(null), "null");
});

Deno.test("html`` escapes interpolated data but keeps the template's markup", () => {
  const song = "<script>alert(1)</script>";
  assert.equal(
    html`<p class="x">Top: <b>${song}</b></p>`.html,
    '<p class="x">Top: <b>&lt;script&gt;alert(1)&lt;/script&gt;</b></p>',
  );
});

Deno.test("html`` keeps nested fragments and joins arrays", () => {
  const items = ["a<b", "c&d"].map((text) => html`<li>${text}</li>`);
  const fragment = html`<ul>${items}</ul>${new HtmlFragment("<hr>")}`;
  assert.equal(fragment.html, "<ul><li>a&lt;b</li><li>c&amp;d</li></ul><hr>");
  assert.equal(String(fragment), fragment.html);
});

Deno.test("html`` writes nothing for null, undefined and false", () => {
  assert.equal(html`[${null}${undefined}${false}${0}]`.html, "[0]");
});
