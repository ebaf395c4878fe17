// A served lesson has no glossary page beside it (Voila renders one notebook), so a
// glossary link opens the definition where it stands: the "New words in this cell"
// fold at the end of the link's cell opens at that word, which is marked and focused.
// A link with no fold in reach keeps its hover text and does nothing else.
(function () {
  "use strict";

  const LINK = /^glossary\.(md|html|ipynb)#(.+)$/;
  const MARK = "twitchlib-word-shown";

  function anchorOf(term) {
    return term.trim().replace(/ /g, "-").toLowerCase();
  }

  function foldFor(link) {
    // The fold closes the markdown cell the link is in (inside an answer's fold
    // when the link is).
    let area = link.parentElement;
    while (area && area !== document.body) {
      const folds = area.querySelectorAll("details.twitchlib-words");
      if (folds.length) {
        return folds[folds.length - 1];
      }
      area = area.parentElement;
    }
    return null;
  }

  function show(link, anchor) {
    const fold = foldFor(link);
    if (!fold) {
      return false;
    }
    fold.open = true;
    const wanted = decodeURIComponent(anchor).toLowerCase();
    const term = Array.from(fold.querySelectorAll("dt")).find(
      (dt) => anchorOf(dt.textContent) === wanted,
    );
    const target = term || fold.querySelector("summary");
    fold.querySelectorAll("." + MARK).forEach((el) => el.classList.remove(MARK));
    if (term) {
      term.classList.add(MARK);
      if (term.nextElementSibling) {
        term.nextElementSibling.classList.add(MARK);
      }
    }
    target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest ? event.target.closest("a[href]") : null;
    const found = link && LINK.exec(link.getAttribute("href"));
    if (found && show(link, found[2])) {
      event.preventDefault();
    }
  });
})();
