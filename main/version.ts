/** Replaced at bundle time by scripts/build.mjs; tests read package.json's version the same way. */
declare const __YAKKER_VERSION__: string | undefined;
export const APP_VERSION: string =
  typeof __YAKKER_VERSION__ === 'string' ? __YAKKER_VERSION__ : '0.0.0-dev';
