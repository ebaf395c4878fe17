// The student's key for the class server: a random secret kept in this browser
// (localStorage, for this server's address only), so a reloaded page, which gets a
// new kernel, is still the same student. Nothing is shown.
const STORAGE = "twitchlib-student-key";
const PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

function newKey() {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function render({ model, el }) {
  let key = null;
  try {
    key = window.localStorage.getItem(STORAGE);
    if (!key || !PATTERN.test(key)) {
      key = newKey();
      window.localStorage.setItem(STORAGE, key);
    }
  } catch {
    // Storage blocked (a private window): this page's key lasts as long as the page.
    key = newKey();
  }
  model.set("key", key);
  model.save_changes();
  el.hidden = true;
}

export default { render };
