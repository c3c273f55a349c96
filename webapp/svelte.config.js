/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  // Every component in this app uses runes; this makes a stray legacy-mode component an error.
  compilerOptions: { runes: true },
};
