export { chromiumPath } from '../../../scripts/chromium-path.mjs';
