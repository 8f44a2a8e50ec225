"""A list of seats, each a link to its profile, drawn as one element.

A close-up on London lists its 75 seats under the map. As 75 ``st.page_link`` elements they
were half of the page's elements and about a fifth of the server's CPU per filter change
(py-spy: the links themselves, and sending 75 more messages down the websocket). This small
``st.components.v2`` component draws them all from one message: real links (``seat?seat=CODE``,
so a middle click or "open in new tab" works as a deep link), and a plain click asks the
server to open the profile in this tab. Names reach the page as text, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from targets.app import script_text

COMPONENT_NAME = "seat_targets.seat_links"

LINKS_CSS = """
.seat-links { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
  gap: 0.125rem 1rem; margin: 0; padding: 0; list-style: none; }
.seat-links a { display: block; padding: 0.25rem 0.5rem; border-radius: 0.5rem;
  color: var(--st-text-color, inherit); text-decoration: underline;
  text-decoration-color: rgba(128, 128, 128, 0.45); text-underline-offset: 0.2em;
  font-family: var(--st-font, inherit); font-size: 1rem; line-height: 1.6; }
.seat-links a:hover, .seat-links a:focus-visible {
  background: var(--st-secondary-background-color, rgba(151, 166, 195, 0.15)); }
"""

LINKS_JS = r"""
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let list = parentElement.querySelector(".seat-links");
  if (!list) {
    list = document.createElement("ul");
    list.className = "seat-links";
    parentElement.appendChild(list);
  }
  list.replaceChildren();
  for (const [code, name] of data.seats) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `${data.page}?seat=${encodeURIComponent(code)}`;
    link.textContent = name;
    link.addEventListener("click", (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return;  // a new tab or window: the link's own address opens there
      }
      event.preventDefault();
      setTriggerValue("opened", code);
    });
    item.appendChild(link);
    list.appendChild(item);
  }
}
"""

_seat_links = st.components.v2.component(
    COMPONENT_NAME, css=LINKS_CSS, js=script_text.served("seat-links", LINKS_JS)
)


def seat_links(seats: Sequence[tuple[str, str]], *, key: str, page: str = "seat") -> str | None:
    """Draw (code, name) seats as links to their profiles; the code clicked on this run."""
    data = {"seats": [[str(code), str(name)] for code, name in seats], "page": page}
    result = _seat_links(key=key, data=data, on_opened_change=lambda: None)
    return getattr(result, "opened", None)
