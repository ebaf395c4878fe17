// ESLint for the package's own JavaScript. The anywidget modules in twitchlib/assets/
// run in the browser as ES modules; the course website's script is a classic script
// that uses the plotly.js loaded before it; the teacher page's script and the served
// lessons' one (in the Voila template) are classic scripts.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["twitchlib/assets/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser },
    },
  },
  {
    files: ["twitchlib/delivery/site_static/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser, Plotly: "readonly" },
    },
  },
  {
    files: ["twitchlib/delivery/teacher_static/**/*.js", "twitchlib/delivery/jupyter/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser },
    },
  },
];
