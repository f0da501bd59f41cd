// Keyboard review: j/k move between claims, a accepts, r rejects, e edits, Esc returns.
(function () {
  "use strict";
  const cards = Array.from(document.querySelectorAll("section.review"));
  if (!cards.length) return;
  const current = () => cards.find((c) => c.contains(document.activeElement)) || null;
  const go = (card) => { card.focus(); card.scrollIntoView({ block: "nearest" }); };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const typing = event.target.matches("input, textarea, select");
    const card = current();
    if (event.key === "Escape" && card) { card.querySelector("details.edit").open = false; go(card); return; }
    if (typing) return;
    const here = card ? cards.indexOf(card) : -1;
    if (event.key === "j") go(cards[Math.min(here + 1, cards.length - 1)]);
    else if (event.key === "k") go(cards[Math.max(here - 1, 0)]);
    else if (!card) return;
    else if (event.key === "a") card.querySelector("button.accept").click();
    else if (event.key === "r") card.querySelector(".reject-form input").focus();
    else if (event.key === "e") {
      card.querySelector("details.edit").open = true;
      card.querySelector("form.edit input").focus();
    } else return;
    event.preventDefault();
  });
  // After a decision the next claim takes the focus, so a reviewer can keep going by keys.
  if (document.querySelector(".done")) go(cards[0]);
})();
